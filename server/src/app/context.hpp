#pragma once

#include "app/events.hpp"
#include "platform/clock.hpp"
#include "store/database.hpp"

namespace ticketing::app {

// What every use case needs: the database, the clock, and where to announce changes.
struct AppContext {
    store::Database& db;
    const platform::Clock& clock;
    EventSink& events;
};

}  // namespace ticketing::app
