"""Build the floor's languages in one process, the way `mkdocs build` builds the real site.

    python benchmarks/floor_build.py floor/vi/mkdocs.yml floor/en/mkdocs.yml

The real site is one `mkdocs build` process: MkDocs' command line builds the first
language, and the hook then builds each other language in the same process with
`load_config` + `build` (hooks/cds_site.py, `_build_language`). This does exactly the
same with the floor's plain configs, so both sides pay one interpreter start-up and the
same imports, and neither is favoured by process count.
"""

from __future__ import annotations

import sys

from mkdocs.__main__ import cli
from mkdocs.commands.build import build
from mkdocs.config import load_config


def main(first: str, *others: str) -> None:
    # The first language through MkDocs' own command line (logging set up as usual) ...
    cli.main(["build", "-f", first], standalone_mode=False)
    # ... the others as the hook builds them.
    for config_file in others:
        config = load_config(config_file=config_file)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
