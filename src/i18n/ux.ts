/**
 * Messages of issue 8 items 15-17 (everything that still reached staff in English): the
 * version option, review and export notes, flag labels drawn on images, selftest, the rule
 * details of template and exam files, history and database messages.
 */
import { f, s } from './entry.js';

export const UX = {
  'opt.version': s('print the version and stop', 'in số phiên bản rồi dừng'),
};
