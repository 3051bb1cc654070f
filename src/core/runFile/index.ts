// The one run file ("prunelab-run"), split by concern: schema (types and constants), encode,
// parse (with its field readers), the history CSV and the bit-for-bit comparison.
export { APP_VERSION, RUN_FILE_FORMAT, RUN_FILE_KEYS, RUN_FILE_VERSION, withExplicitSeeds, type Phase1Record, type PhaseRecord, type RunFile } from './schema';
export { encodeRunFile, runFileFromResult, serializeRunFile, type RunFileOptions } from './encode';
export { parseRunFile, type ParseRunFileResult } from './parse';
export { HISTORY_CSV_COLUMNS, historyToCsv } from './historyCsv';
export { AGREEMENT_TOLERANCE, compareRunFiles, type RunComparison } from './compare';
