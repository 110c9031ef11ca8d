#pragma once

#include <string>

#include "app/context.hpp"
#include "domain/actor.hpp"
#include "domain/views.hpp"

namespace ticketing::app {

class CommentService {
public:
    explicit CommentService(AppContext ctx) : ctx_(ctx) {}

    domain::CommentView Add(const domain::Actor& actor, const std::string& ticket_key,
                            const std::string& body);
    // Authors may delete their own comments, admins any. The comment must belong to the ticket.
    void Delete(const domain::Actor& actor, const std::string& ticket_key,
                const std::string& comment_id);

private:
    AppContext ctx_;
};

}  // namespace ticketing::app
