-- Reads: cycles through the plan's GET requests (see plan.lua); no per-response work.
dofile(os.getenv("WRK_LUA_DIR") .. "/plan.lua")
