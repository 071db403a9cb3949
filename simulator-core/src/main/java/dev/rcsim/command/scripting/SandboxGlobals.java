package dev.rcsim.command.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * The globals table of a scripting Lua state, read-only once locked as in Redis ({@code _G} is
 * protected like every other reachable table); Redis unlocks it only to set {@code KEYS} and
 * {@code ARGV} before an EVAL.
 */
final class SandboxGlobals extends Globals {
    boolean locked;

    @Override
    public void set(int key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.assignmentError();
        }
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.assignmentError();
        }
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.error();
        }
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.error();
        }
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        if (locked) {
            throw ReadOnlyTable.error();
        }
        super.hashset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (locked) {
            throw ReadOnlyTable.error();
        }
        return super.setmetatable(metatable);
    }

    /** Sets a global while the table is locked (KEYS and ARGV). */
    void setUnlocked(String name, LuaValue value) {
        boolean was = locked;
        locked = false;
        try {
            super.rawset(LuaValue.valueOf(name), value);
        } finally {
            locked = was;
        }
    }
}
