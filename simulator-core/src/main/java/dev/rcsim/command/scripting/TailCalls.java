package dev.rcsim.command.scripting;

import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Turns every {@code return f(...)} of a compiled chunk into a plain call followed by the return the
 * compiler already emits after it ({@code TAILCALL A B C; RETURN A 0} becomes {@code CALL A B 0;
 * RETURN A 0}). LuaJ runs a tail-called function after the calling frame is gone, so an error raised
 * by a library function in {@code return cjson.decode(s)} would lose the caller's position; Lua 5.1
 * calls C functions from the caller's frame even in a tail call and reports {@code user_script:1:}.
 * The cost: tail calls between Lua functions use stack, which only unbounded tail recursion notices.
 */
final class TailCalls {
    private TailCalls() {}

    /** Rewrites {@code p} and every function nested in it, in place. */
    static Prototype asPlainCalls(Prototype p) {
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) == Lua.OP_TAILCALL) {
                code[pc] = ((i & Lua.MASK_NOT_OP) | (Lua.OP_CALL << Lua.POS_OP)) & Lua.MASK_NOT_C;
            }
        }
        if (p.p != null) {
            for (Prototype nested : p.p) {
                asPlainCalls(nested);
            }
        }
        return p;
    }
}
