# node-gyp build of the same addon as CMakeLists.txt (the cmake-js build is the one npm install uses; this file is
# a working alternative, proven in CI by scripts/check-gyp.sh). LibTorch comes from scripts/libtorch.js.
{
  "targets": [
    {
      "target_name": "torch_node",
      "sources": [
        "<!@(node -e \"const fs=require('fs');const walk=(d)=>fs.readdirSync(d,{withFileTypes:true}).flatMap((e)=>e.isDirectory()?walk(d+'/'+e.name):e.name.endsWith('.cc')?[d+'/'+e.name]:[]);console.log(walk('native').sort().join(' '))\")"
      ],
      "include_dirs": [
        "native",
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node scripts/libtorch.js --gyp-include)"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NODE_ADDON_API_CPP_EXCEPTIONS",
        "NODE_ADDON_API_CPP_EXCEPTIONS_ALL",
        "<!@(node scripts/libtorch.js --gyp-defines)"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-frtti", "-O2", "-fvisibility=hidden", "-Wno-unused-parameter"],
      "libraries": ["<!@(node scripts/libtorch.js --gyp-libs)"]
    }
  ]
}
