package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * Lua CJSON 2.1.0 ({@code cjson}) as Redis 7.0 bundles it: {@code encode}, {@code decode},
 * {@code null}, {@code new}, and the settings {@code encode_sparse_array}, {@code encode_max_depth},
 * {@code decode_max_depth}, {@code encode_number_precision}, {@code encode_keep_buffer},
 * {@code encode_invalid_numbers}, {@code decode_invalid_numbers}. Settings belong to the library
 * table they were made with and last as long as it does (on a node: until SCRIPT FLUSH), as in Redis.
 * Objects are written in table iteration order, which is LuaJ's, not Lua 5.1's.
 */
final class CjsonLibrary {
    private CjsonLibrary() {}

    /**
     * {@code cjson.null}: Redis's NULL lightuserdata; every cjson table shares the one value, which
     * tostring prints as Lua 5.1 prints a NULL pointer.
     */
    static final LuaUserdata NULL = new LuaUserdata(new Object() {
        @Override
        public String toString() {
            return "userdata: (nil)";
        }
    });

    /** One library table's settings (json_config_t). */
    static final class Config {
        boolean sparseConvert = false;
        int sparseRatio = 2;
        int sparseSafe = 10;
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        int encodeInvalidNumbers = 0; // 0 off, 1 on, 2 null
        boolean decodeInvalidNumbers = true;
        boolean encodeKeepBuffer = true;
        int encodeNumberPrecision = 14;
    }

    private static final String[] BOOL_OPTIONS = {"off", "on"};
    private static final String[] INVALID_NUMBER_OPTIONS = {"off", "on", "null"};

    static LuaTable create() {
        Config cfg = new Config();
        LuaTable cjson = new LuaTable();
        CFunction.register(cjson, "encode", a -> {
            if (a.count() != 1) {
                throw a.argError(1, "expected 1 argument");
            }
            return JsonEncoder.encode(cfg, a.arg(1));
        });
        CFunction.register(cjson, "decode", a -> {
            if (a.count() != 1) {
                throw a.argError(1, "expected 1 argument");
            }
            return JsonDecoder.decode(cfg, a.checkLString(1));
        });
        CFunction.register(cjson, "encode_sparse_array", a -> {
            argInit(a, 3);
            LuaValue convert = enumOption(a, 1, cfg.sparseConvert ? 1 : 0, BOOL_OPTIONS, v -> cfg.sparseConvert = v == 1);
            LuaValue ratio = integerOption(a, 2, cfg.sparseRatio, 0, Integer.MAX_VALUE, v -> cfg.sparseRatio = v);
            LuaValue safe = integerOption(a, 3, cfg.sparseSafe, 0, Integer.MAX_VALUE, v -> cfg.sparseSafe = v);
            return LuaValue.varargsOf(new LuaValue[] {convert, ratio, safe});
        });
        CFunction.register(cjson, "encode_max_depth", a -> {
            argInit(a, 1);
            return integerOption(a, 1, cfg.encodeMaxDepth, 1, Integer.MAX_VALUE, v -> cfg.encodeMaxDepth = v);
        });
        CFunction.register(cjson, "decode_max_depth", a -> {
            argInit(a, 1);
            return integerOption(a, 1, cfg.decodeMaxDepth, 1, Integer.MAX_VALUE, v -> cfg.decodeMaxDepth = v);
        });
        CFunction.register(cjson, "encode_number_precision", a -> {
            argInit(a, 1);
            return integerOption(a, 1, cfg.encodeNumberPrecision, 1, 14, v -> cfg.encodeNumberPrecision = v);
        });
        CFunction.register(cjson, "encode_keep_buffer", a -> {
            argInit(a, 1);
            return enumOption(a, 1, cfg.encodeKeepBuffer ? 1 : 0, BOOL_OPTIONS, v -> cfg.encodeKeepBuffer = v == 1);
        });
        CFunction.register(cjson, "encode_invalid_numbers", a -> {
            argInit(a, 1);
            return enumOption(a, 1, cfg.encodeInvalidNumbers, INVALID_NUMBER_OPTIONS, v -> cfg.encodeInvalidNumbers = v);
        });
        CFunction.register(cjson, "decode_invalid_numbers", a -> {
            argInit(a, 1);
            return enumOption(a, 1, cfg.decodeInvalidNumbers ? 1 : 0, BOOL_OPTIONS, v -> cfg.decodeInvalidNumbers = v == 1);
        });
        CFunction.register(cjson, "new", a -> create());
        cjson.rawset("null", NULL);
        cjson.rawset("_NAME", LuaValue.valueOf("cjson"));
        cjson.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
        return cjson;
    }

    /** json_arg_init: at most {@code max} arguments. */
    private static void argInit(LibArgs a, int max) {
        if (a.count() > max) {
            throw a.argError(max + 1, "found too many arguments");
        }
    }

    private interface IntSetter {
        void set(int v);
    }

    /** json_integer_option: nil leaves the setting; the range error always names argument #1. */
    private static LuaValue integerOption(LibArgs a, int i, int current, int min, int max, IntSetter setter) {
        if (!a.isNoneOrNil(i)) {
            int value = (int) a.checkInteger(i);
            if (!(min <= value && value <= max)) {
                throw a.argError(1, "expected integer between " + min + " and " + max);
            }
            setter.set(value);
            current = value;
        }
        return LuaValue.valueOf(current);
    }

    /** json_enum_option: a boolean, or one of {@code options} by name (luaL_checkoption). */
    private static LuaValue enumOption(LibArgs a, int i, int current, String[] options, IntSetter setter) {
        if (!a.isNoneOrNil(i)) {
            LuaValue v = a.arg(i);
            if (v.isboolean()) {
                current = v.toboolean() ? 1 : 0;
            } else {
                String name = new String(a.checkCString(i), java.nio.charset.StandardCharsets.ISO_8859_1);
                int found = -1;
                for (int k = 0; k < options.length; k++) {
                    if (options[k].equals(name)) {
                        found = k;
                    }
                }
                if (found < 0) {
                    throw a.argError(i, "invalid option '" + name + "'");
                }
                current = found;
            }
            setter.set(current);
        }
        if (current == 0 || current == 1) {
            return LuaValue.valueOf(current == 1);
        }
        return LuaValue.valueOf(options[current]);
    }
}
