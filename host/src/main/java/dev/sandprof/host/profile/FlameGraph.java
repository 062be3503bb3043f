package dev.sandprof.host.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flame graph of a {@link StackProfile} as one self-contained HTML file: the stacks are merged
 * into a tree embedded as JSON, drawn by a small script in the page. No network reference, so it
 * opens offline. Click a frame to zoom into it, click the bottom bar to zoom out; the search box
 * highlights the frames whose name holds the text and says their share.
 */
public final class FlameGraph {

    private FlameGraph() {}

    /** The page for {@code profile}, titled {@code title}. */
    public static String html(StackProfile profile, String title) {
        Node root = new Node("all");
        profile.stacks().forEach((stack, weight) -> {
            Node n = root;
            n.weight += weight;
            for (String frame : stack.split(";")) {
                n = n.children.computeIfAbsent(frame, Node::new);
                n.weight += weight;
            }
        });
        StringBuilder json = new StringBuilder();
        root.json(json);
        return PAGE.replace("@TITLE@", escapeHtml(title)).replace("@DATA@", json.toString());
    }

    private static final class Node {
        final String name;
        long weight;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String name) {
            this.name = name;
        }

        void json(StringBuilder out) {
            out.append("{\"n\":");
            string(out, name);
            out.append(",\"v\":").append(weight);
            if (!children.isEmpty()) {
                out.append(",\"c\":[");
                String comma = "";
                for (Node c : children.values()) {
                    out.append(comma);
                    c.json(out);
                    comma = ",";
                }
                out.append(']');
            }
            out.append('}');
        }
    }

    /** A JSON string that is also safe inside a script element ({@code </script>} cannot close it). */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String PAGE = "<!DOCTYPE html>\n"
            + "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>@TITLE@</title>\n"
            + "<style>\n"
            + "body{font:12px sans-serif;margin:8px}\n"
            + "#graph{position:relative;overflow:hidden}\n"
            + "#graph div{position:absolute;height:16px;line-height:16px;box-sizing:border-box;border:1px solid #fff;"
            + "overflow:hidden;white-space:nowrap;text-overflow:ellipsis;padding-left:2px;cursor:pointer;font-size:11px}\n"
            + "#graph div.hit{background:#e040fb !important}\n"
            + "#info{height:18px;margin:4px 0;font-family:monospace}\n"
            + "</style></head><body>\n"
            + "<h3 style=\"margin:0 0 6px\">@TITLE@</h3>\n"
            + "<input id=\"search\" placeholder=\"search frames\" size=\"40\"> <span id=\"found\"></span>\n"
            + "<div id=\"info\">click a frame to zoom in, the bottom frame to zoom out</div>\n"
            + "<div id=\"graph\"></div>\n"
            + "<script>\n"
            + "const data = @DATA@;\n"
            + "const graph = document.getElementById('graph'), info = document.getElementById('info');\n"
            + "const rowHeight = 16;\n"
            + "function depthOf(n) { let d = 0; for (const c of n.c || []) d = Math.max(d, depthOf(c)); return d + 1; }\n"
            + "function color(name) {\n"
            + "  let h = 0; for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;\n"
            + "  const jdk = /^(java|javax|jdk|sun|com\\.sun)\\./.test(name), native = !/\\./.test(name) || /::/.test(name);\n"
            + "  const hue = native ? 0 : jdk ? 100 : 30 + (Math.abs(h) % 25);\n"
            + "  return 'hsl(' + hue + ',' + (native ? 60 : 80) + '%,' + (60 + Math.abs(h >> 8) % 15) + '%)';\n"
            + "}\n"
            + "function share(v) { return (100 * v / data.v).toFixed(2) + '%'; }\n"
            + "function draw(focus, path) {\n"
            + "  graph.textContent = '';\n"
            + "  const rows = path.length + depthOf(focus), width = graph.clientWidth || 1200;\n"
            + "  graph.style.height = rows * rowHeight + 'px';\n"
            + "  const box = (n, x, w, level, onClick) => {\n"
            + "    const d = document.createElement('div');\n"
            + "    d.style.left = x + 'px'; d.style.width = w + 'px'; d.style.top = (rows - level - 1) * rowHeight + 'px';\n"
            + "    d.style.background = color(n.n); d.textContent = n.n; d.dataset.name = n.n;\n"
            + "    d.title = n.n + ' (' + n.v + ', ' + share(n.v) + ')';\n"
            + "    d.onmouseover = () => { info.textContent = d.title; };\n"
            + "    d.onclick = onClick; graph.appendChild(d);\n"
            + "  };\n"
            + "  path.forEach((n, i) => box(n, 0, width, i, () => draw(n, path.slice(0, i))));\n"
            + "  const walk = (n, x, w, level, trail) => {\n"
            + "    box(n, x, w, level, () => draw(n, trail));\n"
            + "    let cx = x;\n"
            + "    for (const c of n.c || []) {\n"
            + "      const cw = w * c.v / n.v;\n"
            + "      if (cw >= 1) walk(c, cx, cw, level + 1, trail.concat([n]));\n"
            + "      cx += cw;\n"
            + "    }\n"
            + "  };\n"
            + "  walk(focus, 0, width, path.length, path);\n"
            + "  highlight();\n"
            + "}\n"
            + "function total(n, text, inside) {\n"
            + "  const hit = !inside && n.n.includes(text);\n"
            + "  let v = hit ? n.v : 0;\n"
            + "  for (const c of n.c || []) v += total(c, text, inside || hit);\n"
            + "  return v;\n"
            + "}\n"
            + "function highlight() {\n"
            + "  const text = document.getElementById('search').value;\n"
            + "  for (const d of graph.children) d.classList.toggle('hit', text !== '' && d.dataset.name.includes(text));\n"
            + "  document.getElementById('found').textContent = text === '' ? '' : 'matched: ' + share(total(data, text, false));\n"
            + "}\n"
            + "document.getElementById('search').oninput = highlight;\n"
            + "window.onresize = () => draw(data, []);\n"
            + "draw(data, []);\n"
            + "</script></body></html>\n";
}
