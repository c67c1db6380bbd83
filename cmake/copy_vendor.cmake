# Copies the few files of npm packages that the browser loads into the built site's vendor/ folder, so the page
# needs no bundler, no CDN and no request to another origin.
# Usage: cmake -DNODE_MODULES=node_modules -DOUT=build-wasm/site/vendor -DFILES="pkg/file.js=dir/file.js|…" -P copy_vendor.cmake
#
# On the way: `//# sourceMappingURL=` lines are dropped (the .map files are not copied, and a browser with its
# developer tools open would ask for them), and @noble/hashes' one bare import `'@noble/hashes/crypto'` (which
# a package's "exports" map resolves for Node and bundlers, and a browser cannot) becomes `'./crypto.js'`.
# Every import that is left must be relative, or the copy fails: a new package version with a new bare import
# is found at build time, not by a user.
string(REPLACE "|" ";" FILES "${FILES}")
# A name an earlier build wrote here and this one does not (it would stay in the site and in sw.js's list):
# qrcode-generator's qrcode.mjs is copied as qrcode.js, since a module script must arrive with a JavaScript type and
# many servers' type maps have no .mjs (Debian 12's nginx among them).
file(REMOVE "${OUT}/qrcode-generator/qrcode.mjs")
if(NOT EXISTS "${NODE_MODULES}")
  message(FATAL_ERROR "${NODE_MODULES} is missing: run `npm ci` (scripts/setup.sh does) before building the site")
endif()
foreach(pair IN LISTS FILES)
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  set(src "${NODE_MODULES}/${from}")
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "${src} is missing: run `npm ci` (the versions are pinned in package-lock.json)")
  endif()
  file(READ "${src}" text)
  if(to MATCHES "\\.m?js$")
    string(REGEX REPLACE "\n//# sourceMappingURL=[^\n]*" "" text "${text}")
    string(REPLACE "from '@noble/hashes/crypto';" "from './crypto.js';" text "${text}")
    # The check reads the code without its block comments (their examples name packages by their bare names).
    set(code "${text}")
    string(FIND "${code}" "/*" open)
    while(NOT open EQUAL -1)
      string(SUBSTRING "${code}" 0 ${open} head)
      string(SUBSTRING "${code}" ${open} -1 tail)
      string(FIND "${tail}" "*/" close)
      if(close EQUAL -1)
        set(code "${head}")
      else()
        math(EXPR close "${close} + 2")
        string(SUBSTRING "${tail}" ${close} -1 tail)
        set(code "${head}${tail}")
      endif()
      string(FIND "${code}" "/*" open)
    endwhile()
    string(REGEX MATCHALL "(import|export)[^;'\"]*from *['\"][^'\"]*['\"]" imports "${code}")
    foreach(statement IN LISTS imports)
      if(NOT statement MATCHES "from *['\"]\\./[^'\"/]+\\.js['\"]$")
        message(FATAL_ERROR "${src}: an import the browser cannot resolve from vendor/: ${statement}")
      endif()
    endforeach()
  endif()
  file(WRITE "${OUT}/${to}.tmp" "${text}")
  file(COPY_FILE "${OUT}/${to}.tmp" "${OUT}/${to}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUT}/${to}.tmp")
endforeach()
