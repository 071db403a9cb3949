package dev.rcsim.command.scripting;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;

class TmpProbeTest {
    @Test
    void probe() throws Exception {
        String[][] cmds = {{"COMMAND", "INFO", "eval", "evalsha", "eval_ro", "evalsha_ro", "script"}, {"HELLO", "3"}, {"COMMAND", "INFO", "eval", "evalsha", "eval_ro", "evalsha_ro", "script"}, {"COMMAND", "INFO", "eval"}, {"COMMAND", "INFO", "evalsha"}, {"COMMAND", "INFO", "eval_ro"}, {"COMMAND", "INFO", "evalsha_ro"}, {"COMMAND", "INFO", "script"}};
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (String[] c : cmds) {
                String a = r.call(c), b = s.call(c);
                if (!a.equals(b)) {
                    int i = 0;
                    while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) i++;
                    System.out.println("DIFF " + String.join(" ", c) + " at " + i + "\nWANT " + a.substring(Math.max(0, i - 100), Math.min(a.length(), i + 200)).replace("\r\n", "|") + "\nGOT  " + b.substring(Math.max(0, i - 100), Math.min(b.length(), i + 200)).replace("\r\n", "|"));
                }
            }
        }
    }
}
