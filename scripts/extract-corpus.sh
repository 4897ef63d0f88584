#!/bin/bash
# Re-extracts the noise benchmark's projects (bench/noise-corpus.txt) from bare git snapshots, as the
# `fetch` tool leaves them (MIRROR/<owner>+<name>/repo), into OUT/<name>: text files only, at the listed
# commit (LIST, default bench/noise-corpus.txt, names another list such as bench/noise-heldout.txt). Snapshots can lack their largest blobs, so `git archive` would fail: each blob is listed with
# ls-tree and read on its own with cat-file; a missing or binary blob is skipped.
#   scripts/extract-corpus.sh MIRROR OUT [LIST]
set -euo pipefail
mirror=${1:?usage: extract-corpus.sh MIRROR OUT [LIST]}
out=${2:?usage: extract-corpus.sh MIRROR OUT [LIST]}
list=${3:-$(dirname "$0")/../bench/noise-corpus.txt}
grep -v '^#' "$list" | while read -r repo commit; do
  [[ -n "$repo" ]] || continue
  git="$mirror/${repo/\//+}/repo"
  [[ -d "$git/.git" ]] && git="$git/.git"
  dest="$out/${repo#*/}"
  if ! git --git-dir="$git" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "skipped $repo: commit $commit not in $git" >&2
    continue
  fi
  mkdir -p "$dest"
  n=0
  git --git-dir="$git" ls-tree -r -z "$commit" | while IFS= read -r -d '' entry; do
    meta=${entry%%$'\t'*} path=${entry#*$'\t'}
    read -r mode type sha <<<"$meta"
    [[ "$type" == blob && "$mode" != 120000 && "$mode" != 160000 ]] || continue
    # The deployment files django-sec scan reads too: entry points, Dockerfiles, Procfiles, .env files and web server
    # configurations (nginx, Apache, Caddy).
    case "$path" in *.py|*.html|*.htm|*.txt|*.jinja|*.jinja2|*.j2|*.djhtml|*.xml|*.json|*.yml|*.yaml|*.cfg|*.toml|*.ini|*.md|*.rst|*.js|*.css|*.conf|*.conf.template|*.nginx|.htaccess|*/.htaccess|Caddyfile*|*/Caddyfile*|*/nginx/*.template|Dockerfile*|*/Dockerfile*|*.Dockerfile|Procfile|*/Procfile|.env*|*/.env*) ;; *) continue ;; esac
    tmp="$dest/$path.part"
    mkdir -p "$(dirname "$dest/$path")"
    if git --git-dir="$git" cat-file blob "$sha" >"$tmp" 2>/dev/null && ! grep -qP '\x00' "$tmp"; then
      mv "$tmp" "$dest/$path"
    else
      rm -f "$tmp"
    fi
  done
  echo "$repo@$commit -> $dest" >&2
done
