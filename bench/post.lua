-- wrk script for the htmx quick-win status update, as the board sends it when a
-- card moves: POST status=... with HX-Request/HX-Target headers, the session and
-- CSRF cookies and the X-CSRFToken header; the answer is the re-rendered board.
--
-- BENCH_POST_TARGETS names a file written by bench/load.py, one target a line:
--   path <TAB> cookie <TAB> csrf token <TAB> HX-Current-URL <TAB> first status <TAB> second status
-- Each target is one quick win of a plan, with that plan's manager signed in.
--
-- Why it is shaped like this:
-- * Each wrk thread cycles through its own share of the targets, and there are
--   many more targets than open connections, so two requests never update the
--   same quick win at the same time. (They would conflict for real: the second
--   save is based on a version that just moved on and is refused with a 409.)
-- * Each visit to a target flips its status between the two statuses, so every
--   request really writes (a status change and a history row).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local started_threads = 0

function setup(thread)
  thread:set("thread_index", started_threads)
  started_threads = started_threads + 1
end

local targets = {}
local position = 0

local function prepare(path, cookie, token, current_url, status)
  local headers = {
    ["Cookie"] = cookie,
    ["X-CSRFToken"] = token,
    ["HX-Request"] = "true",
    ["HX-Target"] = "board-body",
    ["HX-Current-URL"] = current_url,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", path, headers, "status=" .. status)
end

function init(args)
  local index = 0
  for line in io.lines(os.getenv("BENCH_POST_TARGETS")) do
    if index % thread_count == thread_index then
      local path, cookie, token, current_url, first, second =
        line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
      table.insert(targets, {
        visits = 0,
        prepare(path, cookie, token, current_url, first),
        prepare(path, cookie, token, current_url, second),
      })
    end
    index = index + 1
  end
  if #targets == 0 then
    error("post.lua: no targets for thread " .. thread_index)
  end
end

function request()
  position = position % #targets + 1
  local target = targets[position]
  target.visits = target.visits + 1
  return target[(target.visits - 1) % 2 + 1]
end
