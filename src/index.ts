import type { ApplicationFunction } from "probot";
import { registerHandlers } from "./github/handlers.js";
import { healthHandler } from "./github/health.js";

/** The Probot app: the review handlers, and `GET /healthz` when a server hosts it. */
const app: ApplicationFunction = (probot, options) => {
  registerHandlers(probot);
  options.addHandler(healthHandler);
};

export default app;
