package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua table that Redis's patched Lua marks read-only ({@code lua_enablereadonlytable}): once locked,
 * every write, raw or not, and every metatable change fails with {@code Attempt to modify a readonly
 * table}. Redis locks every table reachable from the globals after the libraries are loaded.
 */
class ReadOnlyTable extends LuaTable {
    static final String MESSAGE = "Attempt to modify a readonly table";

    boolean locked;

    /** The error of a library function (rawset, table.insert...): Lua adds no position there. */
    static LuaError error() {
        return new LuaErrors.Unpositioned(MESSAGE);
    }

    /** The error of an assignment in Lua code: raised with the script's position. */
    static LuaError assignmentError() {
        return new LuaError(MESSAGE);
    }

    @Override
    public void set(int key, LuaValue value) {
        if (locked) {
            throw assignmentError();
        }
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (locked) {
            throw assignmentError();
        }
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (locked) {
            throw error();
        }
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (locked) {
            throw error();
        }
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        if (locked) {
            throw error();
        }
        super.hashset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (locked) {
            throw error();
        }
        return super.setmetatable(metatable);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        if (locked) {
            throw error();
        }
        super.insert(pos, value);
    }

    @Override
    public LuaValue remove(int pos) {
        if (locked) {
            throw error();
        }
        return super.remove(pos);
    }

    @Override
    public void sort(LuaValue comparator) {
        if (locked) {
            throw error();
        }
        super.sort(comparator);
    }

    /** Sets an entry while the table is locked (Redis toggling lua_enablereadonlytable around a change). */
    void setUnlocked(LuaValue key, LuaValue value) {
        boolean was = locked;
        locked = false;
        try {
            super.rawset(key, value);
        } finally {
            locked = was;
        }
    }

    /** A locked copy of {@code t} (entries and metatable), tables inside protected too. */
    static LuaValue protect(LuaValue v, java.util.IdentityHashMap<LuaValue, LuaValue> done) {
        if (!(v instanceof LuaTable t) || v instanceof ReadOnlyTable) {
            return v;
        }
        LuaValue seen = done.get(v);
        if (seen != null) {
            return seen;
        }
        ReadOnlyTable copy = new ReadOnlyTable();
        done.put(v, copy);
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            copy.rawset(k, protect(n.arg(2), done));
        }
        LuaValue mt = t.getmetatable();
        if (mt != null) {
            copy.setmetatable(protect(mt, done));
        }
        copy.locked = true;
        return copy;
    }
}
