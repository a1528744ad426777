"""Build-time include of the repository's top-level shipped folders (issue 21).

``scenarios/``, ``experiments/`` and ``dashboards/`` live once, at the top of the
repository (the project's design card). A wheel carries them as
``govsim/_shipped/{scenarios,experiments,dashboards}``, where
``govsim.scenario.config.shipped`` finds them when govsim is installed. Everything
else about the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = {"scenarios": "*.yaml", "experiments": "*.yaml", "dashboards": "*.py"}


class BuildWithShipped(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the folders in place
            return
        root = Path(__file__).resolve().parent
        for folder, pattern in SHIPPED.items():
            target = Path(self.build_lib) / "govsim" / "_shipped" / folder
            target.mkdir(parents=True, exist_ok=True)
            for path in sorted((root / folder).glob(pattern)):
                shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildWithShipped})
