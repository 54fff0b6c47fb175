/** Small statistics and formatting helpers for the benchmark. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function ms(value: number, digits = 1): string {
  return `${value.toFixed(digits)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function ratio(value: number, base: number): string {
  return `${(value / base).toFixed(2)}x`;
}

/** "PASS (2.10x <= 2.5x)" or "MISS (2.80x > 2.5x, 12% over)". */
export function verdict(value: number, limit: number, unit = "x"): string {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (value <= limit) return `PASS (${shown}${unit} <= ${limit}${unit})`;
  const over = ((value / limit - 1) * 100).toFixed(0);
  return `MISS (${shown}${unit} > ${limit}${unit}, ${over}% over)`;
}

/** Prints rows as an aligned table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "))
    .join("\n");
}
