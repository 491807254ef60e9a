// Capabilities: the five sets of the init process as a grid of all known capabilities (what each
// allows, the dangerous ones marked), the difference from the runtime's default set, and bits
// the rules have no name for.
import { useState } from 'react';
import { CAPABILITY_INFO, RUNTIME_DEFAULT_CAPS } from '../../../../shared/rules/capabilityInfo.js';
import { dangerousCaps } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { CAP_SET_MEANING, CAP_SETS, capBit, diffFromRuntimeDefault, KNOWN_CAPS, unknownBits } from '../../lib/capabilitySets.js';
import { Unavailable } from '../Unavailable.js';
import { Note } from './common.js';

const SHORT: Record<(typeof CAP_SETS)[number], string> = {
  effective: 'Eff',
  permitted: 'Perm',
  bounding: 'Bound',
  inheritable: 'Inh',
  ambient: 'Amb',
};

export function CapabilitiesTab({ container: c }: { container: Container }) {
  const [onlyHeld, setOnlyHeld] = useState(false);
  const caps = c.capabilities;
  const held = (name: string) => CAP_SETS.some((s) => caps[s]?.names.includes(name));
  const rows = onlyHeld ? KNOWN_CAPS.filter(held) : KNOWN_CAPS;
  const extra = unknownBits(caps);
  const danger = dangerousCaps(c);
  return (
    <div className="tab capabilities-tab">
      <Summary c={c} danger={danger} />
      <div className="toolbar">
        <label>
          <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} /> only capabilities in some
          set
        </label>
        <span className="sep" />
        <span className="legend">
          <span className="cap-yes">●</span> in the set · <span className="badge bad">dangerous</span> power over the host or a
          common escape
        </span>
      </div>
      <table className="grid cap-table">
        <colgroup>
          <col className="col-bit" />
          <col className="col-name" />
          {CAP_SETS.map((s) => (
            <col key={s} className="col-set" />
          ))}
          <col />
        </colgroup>
        <thead>
          <tr>
            <th className="num">Bit</th>
            <th>Capability</th>
            {CAP_SETS.map((s) => (
              <th key={s} className="set" title={`${s}: ${CAP_SET_MEANING[s]}${caps[s] ? ` — hex ${caps[s].hex}` : ''}`}>
                {SHORT[s]}
                {!caps[s] && (
                  <div>
                    <Unavailable list={c.unavailable} field={`capabilities.${s}`} />
                  </div>
                )}
              </th>
            ))}
            <th>What it allows</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((name) => {
            const info = CAPABILITY_INFO[name]!;
            const inAny = held(name);
            const hot = info.dangerous && (caps.effective?.names.includes(name) || caps.bounding?.names.includes(name));
            return (
              <tr
                key={name}
                className={`${inAny ? 'held' : 'absent'}${info.dangerous ? ' dangerous' : ''}${hot ? ' hot' : ''}`}
                data-cap={name}
              >
                <td className="num mono muted">{capBit(name)}</td>
                <td>
                  <code>{name}</code>
                  {info.dangerous && <span className="badge bad cap-flag">dangerous</span>}
                </td>
                {CAP_SETS.map((s) => (
                  <td key={s} className="set">
                    {caps[s] === null ? (
                      <span className="muted">?</span>
                    ) : caps[s].names.includes(name) ? (
                      <span className="cap-yes" aria-label="yes">
                        ●
                      </span>
                    ) : (
                      <span className="cap-no" aria-label="no">
                        ·
                      </span>
                    )}
                  </td>
                ))}
                <td className="meaning">{info.meaning}</td>
              </tr>
            );
          })}
          {extra.map((bit) => (
            <tr key={`bit-${bit}`} className="held unknown-bit" data-cap-bit={bit}>
              <td className="num mono">{bit}</td>
              <td>
                <code>bit {bit}</code> <Note>no name known</Note>
              </td>
              {CAP_SETS.map((s) => (
                <td key={s} className="set">
                  {caps[s] === null ? (
                    <span className="muted">?</span>
                  ) : caps[s].unknownBits.includes(bit) ? (
                    <span className="cap-yes">●</span>
                  ) : (
                    <span className="cap-no">·</span>
                  )}
                </td>
              ))}
              <td className="meaning muted">
                A capability newer than this tool’s list (see capabilities(7) of the running kernel)
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <td className="muted">raw hex</td>
            {CAP_SETS.map((s) => (
              <td key={s} className="set mono hex">
                {caps[s]?.hex.replace(/^0+(?=.)/, '') ?? '?'}
              </td>
            ))}
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Summary({ c, danger }: { c: Container; danger: string[] }) {
  const eff = c.capabilities.effective;
  const diff = diffFromRuntimeDefault(c);
  const defaults = RUNTIME_DEFAULT_CAPS[c.runtime];
  return (
    <dl className="facts">
      <dt>Effective</dt>
      <dd>
        {eff ? (
          <>
            <strong>{eff.names.length + eff.unknownBits.length}</strong> of {KNOWN_CAPS.length} known
            {danger.length > 0 ? (
              <>
                {' '}
                · <span className="bad-text">{danger.length} dangerous:</span>{' '}
                {danger.map((d) => (
                  <span key={d} className="badge bad">
                    {d}
                  </span>
                ))}
              </>
            ) : (
              ' · none dangerous'
            )}
          </>
        ) : (
          <Unavailable list={c.unavailable} field="capabilities.effective" />
        )}
      </dd>
      <dt>Against the default</dt>
      <dd>
        {!defaults ? (
          <span className="muted">No default set is recorded for {c.runtime}: its configuration decides alone.</span>
        ) : !diff ? (
          <Unavailable list={c.unavailable} field="capabilities.bounding" />
        ) : diff.added.length + diff.removed.length === 0 ? (
          <span>
            <span className="badge good">same</span> as {c.runtime}’s default set of {defaults.length}{' '}
            <Note>({diff.compared} set compared)</Note>
          </span>
        ) : (
          <span className="cap-diff">
            {diff.added.map((n) => (
              <span
                key={n}
                className={`badge ${CAPABILITY_INFO[n]?.dangerous ? 'bad' : 'warn'}`}
                title={`Added: ${CAPABILITY_INFO[n]?.meaning ?? 'unknown'}`}
              >
                +{n}
              </span>
            ))}
            {diff.removed.map((n) => (
              <span key={n} className="badge good" title={`Dropped: ${CAPABILITY_INFO[n]?.meaning ?? 'unknown'}`}>
                −{n}
              </span>
            ))}{' '}
            <Note>
              against {c.runtime}’s default set of {defaults.length} ({diff.compared} set compared)
            </Note>
          </span>
        )}
      </dd>
    </dl>
  );
}
