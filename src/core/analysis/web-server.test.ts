import { DEPLOYMENT_FILE } from "./deployed-settings.js";
import { servedByWebServer, webServerFacts, WEB_SERVER_CONFIG } from "./web-server.js";

describe("web server configurations", () => {
  it.each([
    ["nginx/default.conf", true],
    ["docker/nginx/seed-security-headers.conf", true],
    ["deploy/nginx/site.conf.template", true],
    ["etc/mysite.nginx", true],
    ["config/nginx.conf", true],
    ["apache2/sites-available/app.conf", true],
    ["public/.htaccess", true],
    ["Caddyfile", true],
    ["docs/nginx.md", false],
    ["app/settings.conf.py", false],
    ["supervisor/app.conf", false],
  ])("%s is one: %s", (path, expected) => {
    expect(WEB_SERVER_CONFIG.test(path)).toBe(expected);
    expect(DEPLOYMENT_FILE.test(path)).toBe(expected);
  });

  it("reads the headers set and the prefixes served, skipping comments and other files", () => {
    const facts = webServerFacts([
      { path: "nginx/default.conf", text: "server {\n  # add_header X-Frame-Options DENY;\n  add_header Strict-Transport-Security \"max-age=1\" always;\n  location ^~ /media/ { alias /srv/media/; }\n}\n" },
      { path: "apache/site.conf", text: "Header always set X-Content-Type-Options nosniff\nAlias /uploads /srv/uploads\n" },
      { path: "README.md", text: "add_header X-Frame-Options DENY;\nlocation /static/ {}\n" },
    ]);
    expect(facts?.headers).toEqual({ "strict-transport-security": "nginx/default.conf", "x-content-type-options": "apache/site.conf" });
    expect(servedByWebServer(facts, "/media")).toBe("nginx/default.conf");
    expect(servedByWebServer(facts, "/uploads/")).toBe("apache/site.conf");
    expect(servedByWebServer(facts, "/static/")).toBeUndefined();
    expect(webServerFacts([{ path: "README.md", text: "add_header X-Frame-Options DENY;" }])).toBeUndefined();
  });
});
