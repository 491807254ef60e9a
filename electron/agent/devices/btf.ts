// The name of a BTF type id in the kernel's own type information (/sys/kernel/btf/vmlinux), for
// naming the LSM hook a BPF LSM program is attached to (its attach_btf_id is the id of the
// bpf_lsm_<hook> function). The format is the kernel's (Documentation/bpf/btf.rst): a header, then
// the types (each a 12-byte btf_type plus a kind-dependent tail), then the strings. Pure.

/** Bytes after the 12-byte btf_type, by kind (BTF_KIND_*), for `vlen` members. */
function tail(kind: number, vlen: number): number | null {
  switch (kind) {
    case 1:
      return 4; // INT
    case 2:
    case 7:
    case 8:
    case 9:
    case 10:
    case 11:
    case 12:
    case 16:
    case 18:
      return 0; // PTR FWD TYPEDEF VOLATILE CONST RESTRICT FUNC FLOAT TYPE_TAG
    case 3:
      return 12; // ARRAY
    case 4:
    case 5:
      return 12 * vlen; // STRUCT UNION
    case 6:
      return 8 * vlen; // ENUM
    case 13:
      return 8 * vlen; // FUNC_PROTO
    case 14:
      return 4; // VAR
    case 15:
      return 12 * vlen; // DATASEC
    case 17:
      return 4; // DECL_TAG
    case 19:
      return 12 * vlen; // ENUM64
    default:
      return null;
  }
}

export interface BtfIndex {
  /** name of type `id`; null when out of range or unnamed. */
  nameOf(id: number): string | null;
  count: number;
}

/** Indexes a BTF blob; null when it is not BTF (or a kind this parser does not know). */
export function indexBtf(buf: Buffer): BtfIndex | null {
  if (buf.length < 24 || buf.readUInt16LE(0) !== 0xeb9f) return null;
  const hdrLen = buf.readUInt32LE(4);
  const typeOff = hdrLen + buf.readUInt32LE(8);
  const typeEnd = typeOff + buf.readUInt32LE(12);
  const strOff = hdrLen + buf.readUInt32LE(16);
  const strEnd = strOff + buf.readUInt32LE(20);
  if (typeEnd > buf.length || strEnd > buf.length) return null;
  const names: number[] = [0]; // type 0 is void
  for (let at = typeOff; at < typeEnd;) {
    if (at + 12 > typeEnd) return null;
    const nameOff = buf.readUInt32LE(at);
    const info = buf.readUInt32LE(at + 4);
    const more = tail((info >>> 24) & 0x1f, info & 0xffff);
    if (more === null) return null;
    names.push(nameOff);
    at += 12 + more;
  }
  return {
    count: names.length - 1,
    nameOf(id: number) {
      const off = names[id];
      if (id < 1 || off === undefined || off === 0 || strOff + off >= strEnd) return null;
      const end = buf.indexOf(0, strOff + off);
      return buf.toString('latin1', strOff + off, end < 0 || end > strEnd ? strEnd : end);
    },
  };
}
