import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # runnable.py: how a reader's actions look to Playwright
