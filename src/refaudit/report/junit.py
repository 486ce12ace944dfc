"""JUnit XML: one test suite per document, one failing test case per finding.

CI systems (GitLab `artifacts:reports:junit`, Jenkins, Azure) show it as a test report; a
document without findings is one passing test case, so a clean run still reports something.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from refaudit.model import AuditResult, Severity


def render(result: AuditResult) -> str:
    root = ET.Element("testsuites", name="refaudit")
    total = failures = 0
    for doc in result.documents:
        path = doc.document.path
        suite = ET.SubElement(root, "testsuite", name=path)
        cases = 0
        suite_failures = 0
        for f in doc.findings:
            cases += 1
            where = f"{f.path or path}:{f.line}" if f.line > 0 else f.path or path
            case = ET.SubElement(
                suite, "testcase", classname=path, name=f"{f.code} {f.rule} at {where}"
            )
            if f.line > 0:
                case.set("file", f.path or path)
                case.set("line", str(f.line))
            tag = "failure" if f.severity is not Severity.INFO else "skipped"
            if tag == "failure":
                suite_failures += 1
            node = ET.SubElement(case, tag, message=f.message, type=f.severity.value)
            node.text = f"{where}: {f.code} {f.rule}: {f.message}" + (
                f"\nfix: {f.fix}" if f.fix else ""
            )
        if cases == 0:
            cases = 1
            ET.SubElement(suite, "testcase", classname=path, name="references")
        suite.set("tests", str(cases))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += cases
        failures += suite_failures
    for skipped in result.skipped:
        suite = ET.SubElement(root, "testsuite", name=skipped.path, tests="1", errors="1")
        suite.set("failures", "0")
        case = ET.SubElement(suite, "testcase", classname=skipped.path, name="read")
        ET.SubElement(case, "error", message=skipped.message).text = skipped.message
        total += 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(len(result.skipped)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
