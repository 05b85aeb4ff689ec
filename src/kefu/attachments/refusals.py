"""Every reason an upload is refused, as a bilingual ``InvalidInput`` with a stable code.

The texts follow the help-center article on sending screenshots in chat: say what was wrong and what to send
instead. Codes (what the chat client and the logs key on):

    upload_empty            an empty file, or a send with no file
    upload_too_large        over the size limit of its kind (or of any kind, while still reading)
    upload_too_many         more files in one send than allowed
    upload_type_refused     not a JPG, PNG, HEIC image or PDF by its content (whatever the name says)
    upload_type_ambiguous   the content reads as two types at once (a polyglot)
    upload_video_refused    a video (mp4, mov, mkv, avi, ...)
    upload_voice_refused    a voice message or audio file (amr, silk, m4a, mp3, ...)
    image_too_large         too many pixels: refused from the header, before decoding
    image_unreadable        the image cannot be decoded
    pdf_unreadable          the PDF cannot be parsed, has no pages, or is too complex
    pdf_too_many_pages      more pages than allowed
    pdf_encrypted           password protected
    pdf_active_content      scripts, launch actions, embedded files, forms that post data
"""

from __future__ import annotations

from kefu.errors import InvalidInput

__all__ = [
    "empty",
    "image_too_large",
    "image_unreadable",
    "megabytes",
    "no_files",
    "pdf_active_content",
    "pdf_encrypted",
    "pdf_too_many_pages",
    "pdf_unreadable",
    "too_large",
    "too_many",
    "type_ambiguous",
    "type_refused",
    "video_refused",
    "voice_refused",
]

_SUPPORTED_EN = "You can send JPG, PNG or HEIC images and PDF files."
_SUPPORTED_ZH = "可以发送JPG、PNG、HEIC格式的图片和PDF文件。"


def megabytes(size: int) -> str:
    """``10485760`` → ``"10 MB"`` (MB of 1024 × 1024 bytes, as the limits are written)."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def empty() -> InvalidInput:
    return InvalidInput(
        "The file is empty. Choose it again and resend.",
        "文件是空的，请重新选择后发送。",
        code="upload_empty",
    )


def no_files() -> InvalidInput:
    return InvalidInput(
        "No file was sent. Choose a screenshot or a PDF and send again.",
        "没有选择文件。请选择截图或PDF文件后重新发送。",
        code="upload_empty",
    )


def too_large(limit: int, kind: str | None = None) -> InvalidInput:
    size = megabytes(limit)
    what_en = {"image": "Images", "pdf": "PDF files"}.get(kind or "", "Files")
    what_zh = {"image": "图片", "pdf": "PDF文件"}.get(kind or "", "文件")
    return InvalidInput(
        f"This file is too large. {what_en} can be up to {size}. Crop the screenshot, or take a "
        "screenshot of the photo, and send again.",
        f"文件太大。{what_zh}不能超过{size}，请裁剪截图，或对照片再截一次图后发送。",
        code="upload_too_large",
    )


def too_many(images: int, pdfs: int, files: int) -> InvalidInput:
    return InvalidInput(
        f"Too many files in one send: up to {images} images, {pdfs} PDF files and {files} files in all. "
        "Send the rest in another message.",
        f"一次发送的文件太多：最多{images}张图片、{pdfs}个PDF文件，合计不超过{files}个。其余的请分开发送。",
        code="upload_too_many",
    )


def type_refused() -> InvalidInput:
    return InvalidInput(
        f"This file type can't be sent in chat. {_SUPPORTED_EN}",
        f"聊天中不能发送这种类型的文件。{_SUPPORTED_ZH}",
        code="upload_type_refused",
    )


def type_ambiguous() -> InvalidInput:
    return InvalidInput(
        "This file can't be sent: its content mixes more than one file type. Take a new screenshot, or "
        "save the document again as a PDF, and send that.",
        "无法发送该文件：其内容混合了多种文件类型。请重新截图，或将文档重新另存为PDF后发送。",
        code="upload_type_ambiguous",
    )


def video_refused() -> InvalidInput:
    return InvalidInput(
        "Videos can't be sent in chat. To show what happened, send screenshots of the key moments, or "
        "describe it in text.",
        "聊天中不能发送视频。如需展示操作过程，请截取关键画面发送，或用文字描述。",
        code="upload_video_refused",
    )


def voice_refused() -> InvalidInput:
    return InvalidInput(
        "Voice messages and audio files can't be sent in chat. Please describe the problem in text, or "
        "send a screenshot.",
        "聊天中不能发送语音或音频文件。请用文字描述问题，或发送截图。",
        code="upload_voice_refused",
    )


def image_too_large(size: tuple[int, int] | None, max_pixels: int) -> InvalidInput:
    megapixels = max_pixels // 1_000_000
    shown_en = f"{size[0]} × {size[1]} pixels; " if size else ""
    shown_zh = f"{size[0]} × {size[1]} 像素，" if size else ""
    return InvalidInput(
        f"This image is too large ({shown_en}up to {megapixels} megapixels). Crop it, or take a "
        "screenshot of it, and send again.",
        f"图片尺寸太大（{shown_zh}最多{megapixels}百万像素）。请裁剪，或对图片再截一次图后发送。",
        code="image_too_large",
    )


def image_unreadable() -> InvalidInput:
    return InvalidInput(
        "This image can't be opened; it may be damaged. Take the screenshot again and resend.",
        "无法打开这张图片，文件可能已损坏。请重新截图后发送。",
        code="image_unreadable",
    )


def pdf_unreadable() -> InvalidInput:
    return InvalidInput(
        "This PDF can't be opened; it may be damaged. Save or download it again, or send screenshots of "
        "the pages.",
        "无法打开该PDF文件，文件可能已损坏。请重新保存或下载后发送，或截取页面发送。",
        code="pdf_unreadable",
    )


def pdf_too_many_pages(max_pages: int) -> InvalidInput:
    return InvalidInput(
        f"This PDF has too many pages (up to {max_pages}). Send only the pages that matter, or screenshots "
        "of them.",
        f"该PDF页数太多（最多{max_pages}页）。请只发送相关页面，或截取这些页面发送。",
        code="pdf_too_many_pages",
    )


def pdf_encrypted() -> InvalidInput:
    return InvalidInput(
        "This PDF is password protected, so our agents can't open it. Send a copy without a password, or "
        "screenshots of the pages.",
        "该PDF设置了密码，客服无法打开。请发送未加密的副本，或截取页面发送。",
        code="pdf_encrypted",
    )


def pdf_active_content(found: list[str]) -> InvalidInput:
    return InvalidInput(
        "For your safety we can't accept this PDF: it contains scripts, actions or attached files. Save it "
        'again with "Print to PDF", or send screenshots of the pages.',
        "为了您的安全，我们无法接收该PDF：其中含有脚本、自动操作或附加文件。"
        "请用“打印为PDF”重新保存，或截取页面发送。",
        code="pdf_active_content",
        problems=found,
    )
