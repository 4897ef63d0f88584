import { run } from "probot";
import app from "../index.js";

// `npm start`: Probot reads APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH,
// LOG_LEVEL, WEBHOOK_PROXY_URL and GHE_HOST/GHE_PROTOCOL itself. Without an app id and key it serves
// its registration flow from app.yml instead.
const server = await run(app);

process.once("SIGTERM", () => {
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
