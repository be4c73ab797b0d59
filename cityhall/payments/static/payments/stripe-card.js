/* The resident's card page with Stripe: Stripe's Payment Element takes the
   card details in Stripe's own frames (they never reach the city's server),
   and confirmPayment sends the resident through any 3-D Secure step and back
   to the result page. Without JavaScript the page says so (<noscript>). */
(function () {
  "use strict";
  var form = document.getElementById("stripe-card-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey, {
    locale: form.dataset.locale,
  });
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create("payment").mount("#stripe-payment-element");
  var errors = document.getElementById("stripe-card-errors");
  var button = form.querySelector("button[type='submit']");
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    stripe
      .confirmPayment({
        elements: elements,
        confirmParams: { return_url: form.dataset.returnUrl },
      })
      .then(function (result) {
        // Only reached when Stripe did not redirect: show its message.
        if (result.error) {
          errors.textContent = result.error.message || "";
          errors.hidden = false;
          errors.focus();
        }
        button.disabled = false;
      });
  });
})();
