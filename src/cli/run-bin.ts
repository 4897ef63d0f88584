// What both `django-sec` bin scripts (this repository's and the published CLI package's) do once the CLI
// is built: run it on this process, with a clear message when the native parser cannot load.
import { isNativeLoadFailure, nativeLoadHelp } from "./native-load-error.js";

export async function runBin(): Promise<void> {
  // `django-sec scan | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  // The CLI is imported only now, after the native-load helper: after a failed import, Node may fail later
  // imports with the same error.
  let main: typeof import("./main.js").main;
  try {
    ({ main } = await import("./main.js"));
  } catch (error) {
    // The native parser failing to load gets what to install and rebuild, not a stack trace.
    if (!isNativeLoadFailure(error)) throw error;
    process.stderr.write(nativeLoadHelp(error, { node: process.versions.node, platform: process.platform, arch: process.arch }));
    process.exit(2);
  }
  process.exitCode = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
