#!/usr/bin/env python3
"""Converts docs/openapi.yaml to compact JSON and writes it as a C++ source file defining
ticketing::http::OpenApiJson() (server/src/http/openapi.hpp). Run by the build.

usage: openapi-embed.py <openapi.yaml> <output.cpp>
"""
import json
import sys

import yaml

# ISO C++ compilers need only support string literals up to 65,536 bytes (-Woverlength-strings):
# the JSON is pure ASCII and split into pieces well below that.
CHUNK = 16000
DELIMITER = "__OPENAPI__"


def main() -> int:
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3.1"):
        print(f"{source}: not an OpenAPI 3.1 document", file=sys.stderr)
        return 1
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    pieces = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]
    if any(f"){DELIMITER}\"" in piece for piece in pieces):
        print(f"{source}: contains the raw-string delimiter", file=sys.stderr)
        return 1
    lines = [
        "// Generated from docs/openapi.yaml by scripts/openapi-embed.py. Do not edit.",
        "#include <string>",
        "#include <string_view>",
        "",
        '#include "http/openapi.hpp"',
        "",
        "namespace ticketing::http {",
        "namespace {",
        "constexpr std::string_view kPieces[] = {",
    ]
    lines += [f'    R"{DELIMITER}({piece}){DELIMITER}",' for piece in pieces]
    lines += [
        "};",
        "}  // namespace",
        "",
        "std::string_view OpenApiJson() {",
        "    static const std::string json = [] {",
        "        std::string out;",
        "        for (const auto piece : kPieces) out += piece;",
        "        return out;",
        "    }();",
        "    return json;",
        "}",
        "",
        "}  // namespace ticketing::http",
        "",
    ]
    content = "\n".join(lines)
    try:
        with open(output, encoding="utf-8") as f:
            if f.read() == content:
                return 0
    except FileNotFoundError:
        pass
    with open(output, "w", encoding="utf-8") as f:
        f.write(content)
    return 0


if __name__ == "__main__":
    sys.exit(main())
