import type { SourceFile } from "./types.js";

/**
 * Web server configurations a Django project ships for its deployment: nginx (`nginx/default.conf`,
 * `docker/nginx/site.conf.template`, `mysite.nginx`), Apache (`apache2/site.conf`, `.htaccess`) and Caddy
 * (`Caddyfile`). The adapters read them beside the other deployment files.
 */
export const WEB_SERVER_CONFIG =
  /(^|\/)(?:(?:nginx|apache2?|httpd|caddy)[^/]*\/(?:[^/]+\/)*[^/]+\.(?:conf|conf\.template|template)|[^/]*(?:nginx|apache|httpd)[^/]*\.conf(?:\.template)?|[^/]+\.nginx|\.htaccess|Caddyfile[^/]*)$/i;

/** What the project's web server configuration does in front of Django. */
export interface WebServerFacts {
  /** Response header (lower case) → the first configuration file that sets it (`add_header`, `Header set`, Caddy's `header`). */
  headers: Record<string, string>;
  /** URL prefixes the server answers itself (nginx `location /media/`, Apache `Alias /media/`) → the file that says so. */
  locations: Record<string, string>;
}

// nginx `add_header X-Frame-Options SAMEORIGIN always;`, Apache `Header always set X-Frame-Options "DENY"`, Caddy `header X-Frame-Options DENY`.
const SETS_HEADER = /^[ \t]*(?:add_header|Header\s+(?:always\s+)?(?:set|append|add|merge)|header)\s+["']?([A-Za-z][\w-]*)/gim;
// nginx `location /media/ {` (also `^~` and `=` forms), Apache `Alias /media/ /srv/media/`.
const SERVES_PREFIX = /^[ \t]*(?:location\s+(?:\^~\s+|=\s+)?|Alias(?:Match)?\s+)["']?(\/[\w./-]*)/gim;

/** The headers and URL prefixes the given web server configurations handle (other files are ignored). */
export function webServerFacts(files: readonly SourceFile[]): WebServerFacts | undefined {
  const facts: WebServerFacts = { headers: {}, locations: {} };
  let seen = false;
  for (const file of files) {
    if (!WEB_SERVER_CONFIG.test(file.path)) continue;
    seen = true;
    for (const m of file.text.matchAll(SETS_HEADER)) facts.headers[m[1].toLowerCase()] ??= file.path;
    for (const m of file.text.matchAll(SERVES_PREFIX)) facts.locations[m[1]] ??= file.path;
  }
  return seen ? facts : undefined;
}

/** The configuration file that makes the web server answer requests under `prefix` (`/media/`) itself, if any. */
export function servedByWebServer(facts: WebServerFacts | undefined, prefix: string): string | undefined {
  if (!facts) return undefined;
  const want = prefix.replace(/\/*$/, "/");
  for (const [location, path] of Object.entries(facts.locations)) {
    if (location.replace(/\/*$/, "/") === want) return path;
  }
  return undefined;
}
