"""``python -m ipwork``."""
import sys

try:
    from ipwork.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting: as quiet as later
    sys.stderr.write("ipwork: error: interrupted\n")
    sys.exit(130)

main()
