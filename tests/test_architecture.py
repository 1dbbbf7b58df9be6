"""The house runs one way (docs/architecture.md): the project on top, the apps beside each other, the
shared helpers at the bottom. These tests read every import of our code (module level and inside
functions) and fail on one that runs the wrong way, naming the file, the line and the rule."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGES = ("caucasuscenter", "articles", "conferences", "editorial", "alerts", "benchmarks")
MAX_LINES = 450


def python_files(package, root=ROOT):
    return sorted((root / package).rglob("*.py")) if (root / package).is_dir() else []


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path, root=ROOT):
    """``(line, imported module)`` for every import in the file, relative imports resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.append((node.lineno, module))
            # "from . import views" imports the module conferences.views
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def is_within(module, prefix):
    return module == prefix or module.startswith(prefix + ".")


def ours(module):
    return any(is_within(module, package) for package in OUR_PACKAGES)


# (which modules, what they may import of ours, why)
RULES = [
    ("caucasuscenter.shared", ["caucasuscenter.shared"], "the shared helpers import no app and nothing above them"),
    (
        "caucasuscenter",
        ["caucasuscenter", "articles.interface", "conferences.interface"],
        "the project asks the apps through their interfaces",
    ),
    ("editorial", ["editorial", "caucasuscenter.shared"], "the editors' desk knows our models only by registry"),
    (
        "articles",
        ["articles", "caucasuscenter.shared", "editorial"],
        "articles never imports conferences or the project",
    ),
    (
        "conferences",
        ["conferences", "articles.interface", "caucasuscenter.shared", "editorial"],
        "conferences uses articles only through articles.interface",
    ),
    (
        "alerts",
        ["alerts", "articles.interface", "conferences.interface", "caucasuscenter.shared", "editorial"],
        "alerts asks articles and conferences only through their interfaces",
    ),
]


def violations(root=ROOT):
    found = []
    for package in OUR_PACKAGES:
        for path in python_files(package, root):
            name = module_name(path, root)
            rule = next((rule for rule in RULES if is_within(name, rule[0])), None)
            if rule is None:
                continue
            scope, allowed, why = rule
            for line, module in imports_of(path, root):
                if ours(module) and not any(is_within(module, permitted) for permitted in allowed):
                    found.append(f"{path.relative_to(root)}:{line} imports {module} ({why})")
    return found


def test_imports_run_one_way():
    assert violations() == []


def test_the_import_reader_sees_wrong_way_imports(tmp_path):
    """The checker itself can fail: a shared helper importing an app, and conferences reaching past
    articles.interface (by a relative import from a function body too), are reported."""
    (tmp_path / "caucasuscenter" / "shared").mkdir(parents=True)
    (tmp_path / "caucasuscenter" / "shared" / "probe.py").write_text("from articles.models import Article\n")
    (tmp_path / "conferences").mkdir()
    (tmp_path / "conferences" / "probe.py").write_text(
        "from articles.interface import SERIES\n\ndef f():\n    from articles import models\n    from . import views\n"
    )
    assert violations(tmp_path) == [
        "caucasuscenter/shared/probe.py:1 imports articles.models "
        "(the shared helpers import no app and nothing above them)",
        "caucasuscenter/shared/probe.py:1 imports articles.models.Article "
        "(the shared helpers import no app and nothing above them)",
        "conferences/probe.py:4 imports articles (conferences uses articles only through articles.interface)",
        "conferences/probe.py:4 imports articles.models (conferences uses articles only through articles.interface)",
    ]


@pytest.mark.parametrize("package", [*OUR_PACKAGES, "fixtures", "scripts"])
def test_no_python_file_is_longer_than_the_limit(package):
    long = {
        str(path.relative_to(ROOT)): length
        for path in python_files(package)
        if "migrations" not in path.parts and (length := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
