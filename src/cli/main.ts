// Entry point of `npm run cli -- <command> …`.
import { main } from './cli';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => performance.now(),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
