"""axe-core in the browser: fail on serious or critical violations, print the rest."""

BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def check_axe(page, axe, where):
    violations = axe.run(page).response["violations"]
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if minor:
        # Shown with -rP / -s, so that lesser findings are seen without failing the build.
        print(f"axe moderate/minor findings on {where}:\n{describe(minor)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious/critical violations on {where}:\n{describe(blocking)}"
