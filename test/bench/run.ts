import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench -- <name>`: imports `test/bench/<name>.ts` and runs its exported `run()`.
 * An unknown or missing name lists the benchmarks there are.
 */
interface BenchModule {
  run(): Promise<void>;
}

const HERE = dirname(fileURLToPath(import.meta.url));

function available(): string[] {
  return readdirSync(HERE)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

async function main(): Promise<number> {
  const name = process.argv[2];
  const names = available();
  if (!name || !names.includes(name)) {
    const intro = name ? `no benchmark named "${name}".` : 'name a benchmark.';
    process.stderr.write(`${intro} Available: ${names.join(', ')}\n`);
    process.stderr.write('usage: npm run bench -- <name>\n');
    return 2;
  }
  const module = (await import(pathToFileURL(`${HERE}/${name}.ts`).href)) as BenchModule;
  await module.run();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
