// The parts of SARIF 2.1.0 that `isoscope audit --sarif` writes, as a zod schema written from
// the OASIS standard (sarif-v2.1.0-os, §3.13 sarifLog … §3.27 result) and its JSON schema's
// rules: required properties, enums, and additionalProperties: false (hence .strict()). No
// package ships the official sarif-schema-2.1.0.json here and it cannot be downloaded at test
// time, so this stands in for it.
import { z } from 'zod';

const message = z.object({ text: z.string().min(1) }).strict(); // §3.11 (text or id; we write text)
const multiformat = z.object({ text: z.string().min(1), markdown: z.string().optional() }).strict(); // §3.12
const level = z.enum(['none', 'note', 'warning', 'error']); // §3.27.10
const propertyBag = z
  .object({
    tags: z
      .array(z.string())
      .refine((t) => new Set(t).size === t.length, 'tags must be unique')
      .optional(),
  })
  .catchall(z.unknown()); // §3.8

const reportingDescriptor = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    shortDescription: multiformat.optional(),
    fullDescription: multiformat.optional(),
    help: multiformat.optional(),
    helpUri: z.string().url().optional(),
    defaultConfiguration: z
      .object({ level: level.optional(), enabled: z.boolean().optional(), rank: z.number().min(-1).max(100).optional() })
      .strict()
      .optional(),
    properties: propertyBag.optional(),
  })
  .strict(); // §3.49

const logicalLocation = z
  .object({ name: z.string().optional(), fullyQualifiedName: z.string().optional(), kind: z.string().optional() })
  .strict(); // §3.33
// §3.4 artifactLocation: uri is a URI reference (RFC 3986): no spaces or control characters.
const artifactLocation = z
  .object({
    uri: z.string().regex(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/, 'a URI reference'),
    uriBaseId: z.string().optional(),
  })
  .strict();
const physicalLocation = z.object({ artifactLocation }).strict(); // §3.29
const location = z
  .object({ physicalLocation: physicalLocation.optional(), logicalLocations: z.array(logicalLocation).min(1).optional() })
  .strict(); // §3.28

const result = z
  .object({
    ruleId: z.string().optional(),
    ruleIndex: z.number().int().min(-1).optional(),
    kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).optional(), // §3.27.9
    level: level.optional(),
    message,
    locations: z.array(location).optional(),
    properties: propertyBag.optional(),
  })
  .strict()
  // §3.27.10: if kind is present and not "fail", level SHALL be "none" when present.
  .refine(
    (r) => r.kind === undefined || r.kind === 'fail' || r.level === undefined || r.level === 'none',
    'a result whose kind is not "fail" must have level "none"',
  );

const run = z
  .object({
    tool: z
      .object({
        driver: z
          .object({
            name: z.string().min(1),
            version: z.string().optional(),
            informationUri: z.string().url().optional(),
            rules: z.array(reportingDescriptor).optional(),
          })
          .strict(),
      })
      .strict(),
    results: z.array(result).optional(),
    invocations: z.array(z.object({ executionSuccessful: z.boolean() }).strict()).optional(),
  })
  .strict()
  // §3.27.6: ruleIndex points into tool.driver.rules, and that rule's id equals ruleId.
  .refine(
    (r) => (r.results ?? []).every((x) => x.ruleIndex === undefined || r.tool.driver.rules?.[x.ruleIndex]?.id === x.ruleId),
    'ruleIndex must point at the rule named by ruleId',
  );

export const SarifLog = z
  .object({
    $schema: z.string().url().optional(),
    version: z.literal('2.1.0'),
    runs: z.array(run),
  })
  .strict();
