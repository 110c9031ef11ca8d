#include "domain/audit.hpp"

namespace ticketing::domain {

std::string StatusChangeDetail(Status from, Status to) {
    std::string out(StatusLabel(from));
    out += kArrow;
    out += StatusLabel(to);
    return out;
}

std::string SeverityChangeDetail(int from, int to) {
    return "SEV " + std::to_string(from) + std::string(kArrow) + "SEV " + std::to_string(to);
}

std::string AssigneeChangeDetail(const std::optional<std::string>& from,
                                 const std::optional<std::string>& to) {
    std::string out = from ? *from : std::string(kUnassigned);
    out += kArrow;
    out += to ? *to : std::string(kUnassigned);
    return out;
}

std::string FormatCtiPath(const CtiPath& path) {
    std::string out = path.category;
    out += kPathSeparator;
    out += path.type;
    out += kPathSeparator;
    out += path.item;
    return out;
}

std::string RerouteDetail(const CtiPath& from, const CtiPath& to) {
    return FormatCtiPath(from) + std::string(kArrow) + FormatCtiPath(to);
}

}  // namespace ticketing::domain
