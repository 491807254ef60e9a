// Objects keyed by container data (ids, names): containers choose those strings, so a key may be
// `__proto__`, `constructor` or `toString`. On a plain object such a key hides the container
// (`o.__proto__ = x` sets the prototype) or finds something that is not one (`o.toString` is a
// function). Everything keyed by container data is a null-prototype object built here, or a Map.
import { z } from 'zod';

/** A null-prototype object from entries: every key, whatever its name, is an own property. */
export function keyed<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out: Record<string, T> = Object.create(null);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** A copy of a record (plain or not) as a null-prototype object, own keys only. */
export function keyedCopy<T>(record: Record<string, T>): Record<string, T> {
  return keyed(Object.entries(record));
}

/**
 * Like z.record(z.string(), value) but safe for hostile keys: zod's record assigns each key on a
 * plain object, so `__proto__` is lost; this reads own keys and builds a null-prototype object.
 */
export function keyedRecord<T extends z.ZodType>(value: T) {
  return z.unknown().transform((input, ctx): Record<string, z.output<T>> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object' });
      return z.NEVER;
    }
    const out: Record<string, z.output<T>> = Object.create(null);
    for (const key of Object.keys(input)) {
      const r = value.safeParse(Reflect.get(input, key));
      if (!r.success) {
        ctx.addIssue({
          code: 'custom',
          message: r.error.issues[0]?.message ?? 'invalid',
          path: [key, ...(r.error.issues[0]?.path ?? [])],
        });
        return z.NEVER;
      }
      out[key] = r.data;
    }
    return out;
  });
}
