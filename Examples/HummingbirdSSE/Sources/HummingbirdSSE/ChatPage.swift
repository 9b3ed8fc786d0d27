import Hummingbird

/// GET /: a small chat page. It reads the SSE route with `EventSource`, shows the answer as it
/// streams, says which endpoint answered, and shows a failure as a sentence a user can act on, with
/// the error code for support, not as a stack trace or a silent stop.
func addChatPage(to router: Router<BasicRequestContext>) {
    router.get("/") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: chatPageHTML)))
    }
}

let chatPageHTML = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>swift-llm chat</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
      form { display: flex; gap: .5rem; }
      input { flex: 1; padding: .5rem; font-size: 1rem; }
      button { padding: .5rem 1rem; font-size: 1rem; }
      #answer { white-space: pre-wrap; min-height: 3rem; border: 1px solid #ccc; border-radius: .5rem; padding: 1rem;
                margin-top: 1rem; }
      #meta { color: #555; font-size: .875rem; margin-top: .5rem; }
      #error { display: none; background: #fdecea; color: #611a15; border-radius: .5rem; padding: .75rem 1rem;
               margin-top: 1rem; }
      #error code { font-size: .8rem; }
    </style>
    </head>
    <body>
    <h1>Chat</h1>
    <form id="ask">
      <input id="prompt" name="prompt" autocomplete="off" placeholder="Ask something" required>
      <button id="send" type="submit">Send</button>
    </form>
    <div id="answer" aria-live="polite"></div>
    <div id="meta">Answered by <span id="endpoint">-</span> · <span id="status">idle</span></div>
    <div id="error" role="alert"></div>
    <script>
    const friendly = {
      serviceUnavailable: "The model is unavailable right now. Please try again in a minute.",
      rateLimited: "Too many requests right now. Please wait a moment and try again.",
      timeout: "The model took too long to answer. Please try again.",
      contentFiltered: "The answer was withheld by the content filter. Try rephrasing your question.",
      contextLengthExceeded: "The conversation is too long for this model. Start a new one.",
      streamInterrupted: "The answer was cut off. Please try again.",
      connectionLost: "The connection to the server was lost. Please try again.",
    };
    const $ = (id) => document.getElementById(id);
    function showError(code) {
      const box = $("error");
      box.textContent = friendly[code] || "Something went wrong. Please try again.";
      const small = document.createElement("div");
      const tag = document.createElement("code");
      tag.textContent = "error code: " + code;
      small.appendChild(tag);
      box.appendChild(small);
      box.style.display = "block";
    }
    $("ask").addEventListener("submit", (event) => {
      event.preventDefault();
      $("answer").textContent = "";
      $("endpoint").textContent = "-";
      $("error").style.display = "none";
      $("status").textContent = "streaming";
      $("send").disabled = true;
      const source = new EventSource("/chat?prompt=" + encodeURIComponent($("prompt").value));
      const done = (status) => { source.close(); $("status").textContent = status; $("send").disabled = false; };
      source.addEventListener("meta", (e) => { $("endpoint").textContent = JSON.parse(e.data).endpoint; });
      source.onmessage = (e) => {
        if (e.data === "[DONE]") { done("done"); return; }
        $("answer").textContent += JSON.parse(e.data).delta;
      };
      source.addEventListener("error", (e) => {
        if (e.data) {
          const failure = JSON.parse(e.data);
          showError(failure.code);
        } else {
          showError("connectionLost");
        }
        done("failed");
      });
    });
    </script>
    </body>
    </html>
    """#
