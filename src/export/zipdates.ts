/**
 * Zip writers stamp every entry with the time it was written, so the same workbook written
 * twice differs in a few bytes. Exports must be reproducible (an archive restored into a new
 * workspace gives the same files byte for byte), so the DOS date and time of every entry, in
 * the local headers and the central directory, are set to 1980-01-01 00:00 (the earliest DOS
 * date). Nothing else changes: the CRCs cover the data only.
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

export function fixZipDates(bytes: Uint8Array): Uint8Array {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new RangeError('not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new RangeError('zip64 archives are not supported here');
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL) throw new RangeError(`zip central directory entry ${n} is damaged`);
    buf.writeUInt16LE(0, at + 12);
    buf.writeUInt16LE(DOS_DATE_1980_01_01, at + 14);
    const local = buf.readUInt32LE(at + 42);
    if (buf.readUInt32LE(local) !== LOCAL) throw new RangeError(`zip local header of entry ${n} is damaged`);
    buf.writeUInt16LE(0, local + 10);
    buf.writeUInt16LE(DOS_DATE_1980_01_01, local + 12);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return bytes;
}
