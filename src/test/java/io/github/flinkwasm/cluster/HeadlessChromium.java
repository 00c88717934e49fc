package io.github.flinkwasm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium driven over the DevTools protocol: one page, navigated, read with
 * {@code Runtime.evaluate}, clicked and typed into with {@code Input} events (the browser's own
 * mouse and keyboard path, not synthetic DOM events). Only the JDK's WebSocket client is used.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The browser: system property {@code chromium}, else {@code chromium} on the PATH. */
    static Optional<Path> find() {
        String configured = System.getProperty("chromium");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the browser with a fresh profile in {@code home}, output to {@code log}, and attaches
     * to its first page.
     */
    static HeadlessChromium start(Path executable, Path home, Path log) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(home.resolve("profile"));
        Process p = new ProcessBuilder(
                        executable.toString(),
                        "--headless",
                        "--no-sandbox", // root in a container has no user namespace sandbox
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--window-size=1400,1000",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            // the browser writes its DevTools port and browser path here once it listens
            Path activePort = profile.resolve("DevToolsActivePort");
            LocalFlinkCluster.await("chromium's DevTools port (output in " + log + ")", Duration.ofMinutes(2), () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("chromium exited with " + p.exitValue() + "; see " + log);
                }
                try {
                    return Files.isRegularFile(activePort)
                            && Files.readAllLines(activePort).size() >= 2;
                } catch (IOException e) {
                    return false;
                }
            });
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            HttpResponse<String> list = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("no page target in " + list.body());
            }
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(pageSocket), listener)
                    .get(60, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(p, ws);
            listener.browser = browser;
            browser.send("Page.enable", Map.of());
            browser.send("Runtime.enable", Map.of());
            return browser;
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("attaching to chromium", e);
        }
    }

    /** The browser's version line, from {@code Browser.getVersion}. */
    String version() {
        return send("Browser.getVersion", Map.of()).path("product").asText();
    }

    void navigate(String url) {
        JsonNode r = send("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException(
                    "navigating to " + url + ": " + r.path("errorText").asText());
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON. */
    JsonNode eval(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + r.path("exceptionDetails") + "\n" + expression);
        }
        return r.path("result").path("value");
    }

    /** Polls an expression until it is true. */
    void awaitTrue(String what, Duration timeout, String expression) {
        LocalFlinkCluster.await(what, timeout, () -> eval(expression).asBoolean(false));
    }

    /**
     * Clicks the centre of the first element matching a CSS selector with the mouse, as a user
     * would: the element is scrolled into view, then pressed and released there. Returns false,
     * without clicking, while no such element is drawn.
     */
    boolean clickIfVisible(String selector) {
        JsonNode box = eval("(() => { const e = document.querySelector(" + quote(selector) + "); if (!e) return null;"
                + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height}; })()");
        if (box.isNull() || box.isMissingNode() || box.path("w").asDouble() == 0) {
            return false;
        }
        double x = box.path("x").asDouble();
        double y = box.path("y").asDouble();
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send(
                    "Input.dispatchMouseEvent",
                    Map.of("type", type, "x", x, "y", y, "button", "left", "buttons", 1, "clickCount", 1));
        }
        return true;
    }

    /** Types text into the focused element, as keyboard input. */
    void type(String text) {
        send("Input.insertText", Map.of("text", text));
    }

    /** A PNG of the page as it is drawn now. */
    byte[] screenshot() {
        return java.util.Base64.getDecoder()
                .decode(send("Page.captureScreenshot", Map.of("format", "png"))
                        .path("data")
                        .asText());
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            socket.sendText(msg.toString(), true).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode r = reply.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + " failed: " + r.path("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer to " + method + " within " + REPLY_TIMEOUT, e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Collects each message's frames and completes the command it answers; events are ignored. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    if (node.has("id") && browser != null) {
                        CompletableFuture<JsonNode> f =
                                browser.pending.get(node.path("id").asInt());
                        if (f != null) {
                            f.complete(node);
                        }
                    }
                } catch (IOException e) {
                    // not JSON: ignore
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
