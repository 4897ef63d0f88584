# syntax=docker/dockerfile:1
# The django-sec GitHub App. Two stages: `build` compiles the TypeScript and the native parser
# (tree-sitter needs g++, make and python3 on Debian 12); `runtime` holds only production
# dependencies and the compiled app, and runs as the unprivileged `node` user.
#   docker build -t django-sec .
#   docker compose up        # receiver + worker + Redis, see docker-compose.yml
ARG NODE_VERSION=20.19

FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ make python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/cli/package.json packages/cli/
# Dependencies first (cached while only sources change); scripts run after the prune below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src/ src/
COPY rules/ rules/
RUN npx tsc -p tsconfig.build.json
# Production dependencies only, then their install scripts (the native tree-sitter build).
# The CLI workspace link is not part of the app.
RUN npm prune --omit=dev --no-audit --no-fund \
 && npm rebuild \
 && rm -f node_modules/django-sec node_modules/.bin/django-sec \
 && rm -rf dist/bench

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
COPY app.yml ./
USER node
EXPOSE 3000
# Both roles answer GET /healthz (503 while shutting down).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start`, without npm in between, so SIGTERM reaches the server and running reviews finish.
CMD ["node", "dist/src/github/server.js"]
