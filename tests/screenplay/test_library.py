"""The screenplay reader is a library: importing it loads no Django."""

import subprocess
import sys

from .conftest import DEMO


def test_reading_a_screenplay_imports_no_django():
    program = (
        "import sys\n"
        "from scheduling.screenplay import parse\n"
        f"parse(open({str(DEMO / 'challenge.fdx')!r}, 'rb').read())\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in ('django', 'rest_framework'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                            cwd=DEMO.parent, check=True)
    assert result.stdout.strip() == "[]"
