import type { SubjectExportDocument } from '@offera/contracts';
import { strToU8, zipSync } from 'fflate';
import { toCsv } from './csv.js';

const SAFE_NAME = /^[a-z][a-z0-9_]{0,63}$/i;

/**
 * Art. 20's "structured, commonly used and machine-readable format": a zip holding the whole
 * document as `export.json` and each dataset as `<service>/<dataset>.csv`.
 */
export function portabilityArchive(document: SubjectExportDocument): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'export.json': strToU8(JSON.stringify(document, null, 2)),
  };
  for (const [service, datasets] of Object.entries(document.services)) {
    for (const [name, rows] of Object.entries(datasets ?? {})) {
      // Names come from the services' own code; refuse anything that is not a plain name.
      if (!SAFE_NAME.test(service) || !SAFE_NAME.test(name)) throw new Error('Unexpected dataset name');
      files[`${service}/${name}.csv`] = strToU8(toCsv(rows));
    }
  }
  return zipSync(files, { level: 6, mtime: new Date(document.generatedAt) });
}
