import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/workspace.js';
import { complaintsOf } from './facts.js';

describe('complaints for the report', () => {
  it('reads the evidence branch’s complaints table when there is one, in Vietnamese', () => {
    const db = new Database(':memory:');
    const ws = { dir: '/tmp', db, close: () => db.close() } as unknown as Workspace;
    try {
      expect(complaintsOf(ws)).toBeUndefined();
      db.exec(`CREATE TABLE complaints (id INTEGER PRIMARY KEY, serial TEXT, sbd TEXT, ho_ten TEXT, received_on TEXT NOT NULL, subject TEXT NOT NULL,
        questions TEXT, text TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', resolved_on TEXT, resolution TEXT)`);
      db.prepare('INSERT INTO complaints (serial, sbd, ho_ten, received_on, subject, questions, text, status, resolved_on, resolution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        '000003', '250103', 'Lê Hoàng Phúc', '2025-06-17', 'question', '[12,58]', 'đã tô B', 'resolved', '2025-06-19', 'Giữ nguyên kết quả',
      );
      expect(complaintsOf(ws)).toEqual([
        { id: 1, serial: '000003', sbd: '250103', receivedOn: '2025-06-17', subject: 'Câu hỏi 12, 58 (Lê Hoàng Phúc): đã tô B', status: 'resolved', resolvedOn: '2025-06-19', resolution: 'Giữ nguyên kết quả' },
      ]);
    } finally {
      db.close();
    }
  });
});
