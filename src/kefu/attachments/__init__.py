"""Chat uploads: what may be sent, checked by content, re-encoded, and where the bytes are kept.

checking    CheckedFile, check_upload (sniff → size of its kind → re-encode or check), check_batch
reading     read_limited / read_limited_async: at most limit + 1 bytes are ever read
sniffing    the format from magic bytes only; video, voice, polyglots and everything else refused
dimensions  image width × height from the PNG / JPEG header, before decoding (decompression bombs)
images      decode as the sniffed format, orientation, sRGB, size cap, re-encode with no metadata
pdfs        pypdf must parse it; encrypted or active content (JavaScript, Launch, embedded files) refused
filenames   clean_filename (display only), content_disposition (RFC 6266 + RFC 5987)
storage     Storage protocol, LocalStorage (generated keys, atomic writes), MemoryStorage
limits      data/limits.yaml: 9 images of ≤ 10 MB, PDFs of ≤ 20 MB, pixels, pages
refusals    every refusal as a bilingual InvalidInput with a stable code

The chat layer reads each part with ``read_limited_async(upload.read, max_upload_bytes())``, calls
``check_batch`` and ``check_upload`` (in a worker thread), ``Storage.put(checked.data,
suffix=checked.suffix)``, and writes the ``attachment`` row (kefu.conversations.records) from the result.
"""

from kefu.attachments.checking import CheckedFile, check_batch, check_upload
from kefu.attachments.filenames import clean_filename, content_disposition
from kefu.attachments.limits import Limits, max_upload_bytes, parse_limits, upload_limits
from kefu.attachments.reading import read_limited, read_limited_async
from kefu.attachments.storage import LocalStorage, MemoryStorage, Storage

__all__ = [
    "CheckedFile",
    "Limits",
    "LocalStorage",
    "MemoryStorage",
    "Storage",
    "check_batch",
    "check_upload",
    "clean_filename",
    "content_disposition",
    "max_upload_bytes",
    "parse_limits",
    "read_limited",
    "read_limited_async",
    "upload_limits",
]
