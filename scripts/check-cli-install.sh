#!/usr/bin/env bash
# Packs the CLI (packages/cli), installs the tarball into an empty project as a user would
# (`npm install --omit=dev`, from the registry, with a fresh npm cache so nothing is pre-downloaded),
# then runs `npx django-sec scan .` there. Prints the install time, the size of node_modules and the
# package count. Usage: bash scripts/check-cli-install.sh [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
[ "${1:-}" = "--keep" ] || trap 'rm -rf "$work"' EXIT

npm pack -w packages/cli --pack-destination "$work" --silent >/dev/null
tarball=$(ls "$work"/django-sec-*.tgz)
mkdir -p "$work/project/shop"
cd "$work/project"
echo '{ "name": "a-django-project", "version": "1.0.0", "private": true }' > package.json
printf 'from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef hook(request):\n    request.user.profile.delete()\n    return None\n' > shop/views.py

echo "== npm install --omit=dev $(basename "$tarball") (fresh cache)"
start=$(date +%s%N)
npm install --omit=dev --no-audit --no-fund --cache "$work/cache" "$tarball"
end=$(date +%s%N)
packages=$(($(npm ls --all --parseable --omit=dev 2>/dev/null | wc -l) - 1))
echo "== install: $(( (end - start) / 1000000 )) ms; node_modules: $(du -sh node_modules | cut -f1); packages: $packages"
echo "== npx django-sec scan ."
set +e
npx --no-install django-sec scan .
echo "== exit code $? (0: nothing at or above high)"
[ "${1:-}" = "--keep" ] && echo "kept: $work"
