"""Importing a screenplay into a production: preview what it would do, apply it, follow its revisions.

`script_preview` reads a Fountain or Final Draft file (`scheduling.screenplay`) and says, scene by scene, what
importing it would do, checked whole with the production file's rules; `script_apply` does it, all or nothing,
and keeps a `ScriptImport` with the title page. `scenes_left_out` says which scenes the script takes out of
scheduling and why. The rules are in docs/screenplay-import.md; `plan` says how script scenes meet scenes.

- `rules`: one script scene's minutes, title, modules, cast and code (pure);
- `plan`: the preview; `apply`: the writes (`scheduling.left_out` says which scenes are out of scheduling);
- `report`: the preview as JSON and as lines; `uploads`: the web's file between preview and apply.
"""

from .apply import PreviewOutdated, script_apply
from ..left_out import scenes_left_out
from .plan import ACTIONS, ScenePlan, ScriptImportError, ScriptPreview, script_preview
from .report import preview_document, preview_fingerprint, preview_lines
from .uploads import TOO_LARGE, UploadGone, script_upload_discard, script_upload_keep, script_upload_take

# What applying an import needs under the one rule (`scheduling.access`): it adds and changes scenes. The web's
# preview asks it too, since it keeps the upload for that apply.
APPLY_PERMISSIONS = ("scheduling.add_scene", "scheduling.change_scene")

__all__ = [
    "ACTIONS",
    "APPLY_PERMISSIONS",
    "TOO_LARGE",
    "PreviewOutdated",
    "ScenePlan",
    "ScriptImportError",
    "ScriptPreview",
    "UploadGone",
    "preview_document",
    "preview_fingerprint",
    "preview_lines",
    "scenes_left_out",
    "script_apply",
    "script_preview",
    "script_upload_discard",
    "script_upload_keep",
    "script_upload_take",
]
