# Prints what Python's zipfile reads from an archive's directory: {name: [header_offset, file_size, compress_type]}.
# Reads {file} on stdin (used by unit.test.ts for the zip64 layout of records beyond 4 GB).
import json
import sys
import zipfile

req = json.load(sys.stdin)
with zipfile.ZipFile(req['file']) as z:
    print(json.dumps({i.filename: [i.header_offset, i.file_size, i.compress_type] for i in z.infolist()}))
