// Every container grouped by runtime (and by pod inside a runtime), the host on top, a filter,
// and badges that tell the isolation at a glance.
//
// Cheap at hundreds of containers: the sidebar re-renders only when the containers, the filter,
// the selection or the connection state change (not on every sample), each item is a memoised
// component, and a long run of items (a runtime group without pods, over WINDOW_FROM items) is
// windowed: only the items in or near the visible part of the scrolled sidebar are in the DOM,
// with spacers of the same height above and below.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { runtimeGroupLabel } from '../../../shared/runtimes/registry.js';
import type { Container } from '../../../shared/snapshot/schema.js';
import { shortId } from '../lib/format.js';
import { HOST_ID, useStore } from '../store/store.js';
import { Badges } from './Badges.js';
import { ExportButtons } from './ExportButtons.js';
import { ImportedGroup, OpenSnapshotButton } from './SnapshotControls.js';
import { visibleContainers } from './visible.js';
import { ChangedMark } from './timeline/ChangedMark.js';
import { HostGroupTitle, useHostGroups } from './hosts/hostGroups.js';

/** Groups with more items than this are windowed. */
export const WINDOW_FROM = 60;
/** Items rendered beyond each edge of the visible part. */
const OVERSCAN = 8;
/** An item's height before one has been measured, px. */
const DEFAULT_ITEM_PX = 64;

/**
 * The items of a windowed list to render: those overlapping the viewport (plus `overscan` on each
 * side). `listTop` is where the list starts inside the scrolled content, px.
 */
export function windowRange(
  listTop: number,
  scrollTop: number,
  viewportPx: number,
  itemPx: number,
  count: number,
  overscan = OVERSCAN,
): { from: number; to: number } {
  if (count === 0 || itemPx <= 0) return { from: 0, to: 0 };
  const first = Math.floor((scrollTop - listTop) / itemPx) - overscan;
  const last = Math.ceil((scrollTop + viewportPx - listTop) / itemPx) + overscan;
  const from = Math.min(count, Math.max(0, first));
  return { from, to: Math.max(from, Math.min(count, last)) };
}

interface Viewport {
  scrollTop: number;
  height: number;
}

/** The sidebar's scroll position and height, updated at most once a frame. */
function useViewport(ref: RefObject<HTMLElement | null>): Viewport {
  const [vp, setVp] = useState<Viewport>({ scrollTop: 0, height: 800 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      setVp((old) =>
        old.scrollTop === el.scrollTop && old.height === el.clientHeight
          ? old
          : { scrollTop: el.scrollTop, height: el.clientHeight },
      );
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref]);
  return vp;
}

export function Sidebar() {
  const containers = useStore((s) => s.containers);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  const host = useStore((s) => s.host);
  // Only what the empty-list text needs: the status itself changes with every sample.
  const connected = useStore((s) => s.status?.state === 'connected');
  const notRoot = useStore((s) => s.status !== null && s.status.euid !== 0);
  const list = useMemo(() => visibleContainers(containers, filter), [containers, filter]);
  // One host: runtime groups as always. More: a group per host first, runtime groups inside.
  const hostGroups = useHostGroups(list);
  const groups = useMemo(() => runtimeGroups(list), [list]);
  const nav = useRef<HTMLElement>(null);
  const viewport = useViewport(nav);
  const [itemPx, setItemPx] = useState(DEFAULT_ITEM_PX);

  return (
    <nav className="sidebar" aria-label="Containers" ref={nav}>
      <div className="sidebar-tools">
        <OpenSnapshotButton />
        <ExportButtons ids={null} label={host?.hostname ?? 'host'} />
      </div>
      <input
        className="search"
        type="search"
        placeholder="Filter by name, id, image, runtime…  ( / )"
        aria-label="Filter containers"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <ul className="tree" role="listbox" aria-label="Containers and host">
        <li
          role="option"
          aria-selected={selectedId === HOST_ID}
          className={`item host${selectedId === HOST_ID ? ' selected' : ''}`}
          onClick={() => select(HOST_ID)}
        >
          <span className="name">Host</span>
          <span className="sub">
            {host ? `${host.hostname ?? '?'} · cgroup ${host.cgroupVersion ?? '?'}` : 'waiting for the collector'}
          </span>
        </li>
        <ImportedGroup />
        {hostGroups ? (
          hostGroups.map((hg) => (
            <li key={hg.id} className={`host-group${hg.stale ? ' stale' : ''}`} data-host={hg.url}>
              <HostGroupTitle group={hg} />
              <ul>
                <RuntimeGroups
                  groups={runtimeGroups(hg.items)}
                  selectedId={selectedId}
                  select={select}
                  nav={nav}
                  viewport={viewport}
                  itemPx={itemPx}
                  setItemPx={setItemPx}
                />
              </ul>
            </li>
          ))
        ) : (
          <RuntimeGroups
            groups={groups}
            selectedId={selectedId}
            select={select}
            nav={nav}
            viewport={viewport}
            itemPx={itemPx}
            setItemPx={setItemPx}
          />
        )}
      </ul>
      {list.length === 0 && (
        <div className="sidebar-empty">
          {Object.keys(containers).length > 0 ? (
            <p>No container matches “{filter}”.</p>
          ) : connected ? (
            <>
              <p>
                <strong>No containers or sandboxes found.</strong>
              </p>
              <p>
                Looked for Docker, Podman, containerd/Kubernetes, CRI-O, LXC, systemd-nspawn, runc/crun, and processes in
                namespaces of their own (bwrap, unshare, flatpak).
              </p>
              {notRoot && <p>The collector is not root: other users’ processes and runtime state may be hidden.</p>}
            </>
          ) : (
            <p>Waiting for the collector…</p>
          )}
        </div>
      )}
    </nav>
  );
}

interface RuntimeGroup {
  runtime: string;
  items: Container[];
  pods: [string | null, Container[]][];
}

/** Containers by runtime, in the order first seen, each with its pods. */
function runtimeGroups(list: Container[]): RuntimeGroup[] {
  const out = new Map<string, Container[]>();
  for (const c of list) {
    const g = out.get(c.runtime);
    if (g) g.push(c);
    else out.set(c.runtime, [c]);
  }
  return [...out].map(([runtime, items]) => ({ runtime, items, pods: podGroups(items) }));
}

interface RuntimeGroupsProps extends Omit<WindowedProps, 'items'> {
  groups: RuntimeGroup[];
}

function RuntimeGroups({ groups, selectedId, select, nav, viewport, itemPx, setItemPx }: RuntimeGroupsProps) {
  return (
    <>
      {groups.map(({ runtime, items, pods }) => (
        <li key={runtime} className="group" data-runtime={runtime}>
          <div className="group-title">
            {runtimeGroupLabel(runtime)} <span className="count">{items.length}</span>
          </div>
          {items.length > WINDOW_FROM && pods.every(([pod]) => pod === null) ? (
            <WindowedItems
              items={items}
              selectedId={selectedId}
              select={select}
              nav={nav}
              viewport={viewport}
              itemPx={itemPx}
              setItemPx={setItemPx}
            />
          ) : (
            <ul>
              {pods.map(([pod, members]) =>
                pod ? (
                  <PodGroup key={pod} pod={pod} members={members} selectedId={selectedId} select={select} />
                ) : (
                  <Item key={members[0]!.id} c={members[0]!} selected={selectedId === members[0]!.id} select={select} />
                ),
              )}
            </ul>
          )}
        </li>
      ))}
    </>
  );
}

interface WindowedProps {
  items: Container[];
  selectedId: string | null;
  select: (id: string) => void;
  nav: RefObject<HTMLElement | null>;
  viewport: Viewport;
  itemPx: number;
  setItemPx: (px: number) => void;
}

/** A long run of items with only the visible ones (and a few around them) in the DOM. */
function WindowedItems({ items, selectedId, select, nav, viewport, itemPx, setItemPx }: WindowedProps) {
  const ul = useRef<HTMLUListElement>(null);
  const [listTop, setListTop] = useState(0);
  // Where this list starts inside the sidebar's scrolled content (moves with the lists above it).
  // Measured after every render on purpose; it sets state only when a value moved, so no loop.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const el = ul.current;
    const scroller = nav.current;
    if (!el || !scroller) return;
    const top = el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (Math.abs(top - listTop) > 0.5) setListTop(top);
    const first = el.querySelector<HTMLElement>('.item');
    if (first && first.offsetHeight > 0 && first.offsetHeight !== itemPx) setItemPx(first.offsetHeight);
  });
  // The keyboard (↑/↓) can select an item outside the window: scroll it into view.
  const selectedIndex = items.findIndex((c) => c.id === selectedId);
  useEffect(() => {
    const scroller = nav.current;
    if (selectedIndex < 0 || !scroller) return;
    const top = listTop + selectedIndex * itemPx;
    // eslint-disable-next-line react-hooks/immutability -- the sidebar's DOM node, scrolled from an effect
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + itemPx > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + itemPx - scroller.clientHeight;
    // Only when the selection moves: not when the lists above change size or on every scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedIndex, nav]);
  const { from, to } = windowRange(listTop, viewport.scrollTop, viewport.height, itemPx, items.length);
  return (
    <ul ref={ul} data-windowed={`${from}-${to} of ${items.length}`}>
      {from > 0 && <li aria-hidden="true" className="window-spacer" style={{ height: from * itemPx }} />}
      {items.slice(from, to).map((c) => (
        <Item key={c.id} c={c} selected={selectedId === c.id} select={select} />
      ))}
      {to < items.length && <li aria-hidden="true" className="window-spacer" style={{ height: (items.length - to) * itemPx }} />}
    </ul>
  );
}

const Item = memo(function Item({ c, selected, select }: { c: Container; selected: boolean; select: (id: string) => void }) {
  const onClick = useCallback(() => select(c.id), [select, c.id]);
  // A remote container's key is `id@<host key>`: people read its own id (the host is the group's title).
  const remote = useStore((s) => Object.hasOwn(s.hostOf, c.id));
  const ownId = remote ? c.id.slice(0, c.id.lastIndexOf('@')) : c.id;
  return (
    <li role="option" aria-selected={selected} className={`item${selected ? ' selected' : ''}`} data-id={c.id} onClick={onClick}>
      <span className="name">
        {c.name ?? shortId(ownId)}
        {c.role === 'pod-sandbox' ? <span className="tag">pod sandbox</span> : null}
        <ChangedMark id={c.id} />
      </span>
      <span className="sub">
        {shortId(ownId)} · pid {c.initPid}
      </span>
      <Badges container={c} compact />
    </li>
  );
});

const PodGroup = memo(function PodGroup({
  pod,
  members,
  selectedId,
  select,
}: {
  pod: string;
  members: Container[];
  selectedId: string | null;
  select: (id: string) => void;
}) {
  const first = members[0]!.pod!;
  return (
    <li className="pod">
      <div className="pod-title" title={`pod uid ${first.uid ?? '?'}`}>
        pod {first.namespace ? `${first.namespace}/` : ''}
        {first.name ?? pod}
      </div>
      <ul>
        {members.map((c) => (
          <Item key={c.id} c={c} selected={selectedId === c.id} select={select} />
        ))}
      </ul>
    </li>
  );
});

/** Containers of a pod together (key = pod uid), the others alone (key null). */
function podGroups(items: Container[]): [string | null, Container[]][] {
  const out: [string | null, Container[]][] = [];
  const pods = new Map<string, Container[]>();
  for (const c of items) {
    const key = c.pod?.uid ?? c.pod?.sandboxId ?? null;
    if (!key) out.push([null, [c]]);
    else if (pods.has(key)) pods.get(key)!.push(c);
    else {
      const list = [c];
      pods.set(key, list);
      out.push([key, list]);
    }
  }
  return out;
}
