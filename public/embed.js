// Tells the page that frames /embed how tall the card is, so the host can size the iframe to
// fit: {"type": "kms-hsm-advisor:resize", "height": <CSS pixels>}. See the README.
(function () {
    "use strict";
    if (window.parent === window) {
        return;
    }
    var reported = 0;
    function report() {
        var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height !== reported) {
            reported = height;
            window.parent.postMessage({ type: "kms-hsm-advisor:resize", height: height }, "*");
        }
    }
    if ("ResizeObserver" in window) {
        new ResizeObserver(report).observe(document.documentElement);
    }
    window.addEventListener("load", report);
    report();
})();
