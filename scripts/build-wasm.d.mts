export function buildWasm(options?: { force?: boolean }): Promise<void>;
export default function setup(): Promise<void>;
