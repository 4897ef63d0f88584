import { runDemo } from "./demo.js";

// `npm run demo`: see demo.ts. Exits 0 when the app reviewed the bundled pull request.
runDemo(process.stdout, { logLevel: process.env.LOG_LEVEL }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`django-sec demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
