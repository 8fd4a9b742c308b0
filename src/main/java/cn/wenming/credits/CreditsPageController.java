package cn.wenming.credits;

import cn.wenming.core.QrCodes;
import cn.wenming.resident.SignedInResident;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The resident's 文明积分 page (balance, history, the 积分超市) and their redemption codes, each
 * shown as a QR code the merchant's page scans.
 */
@Controller
class CreditsPageController {

    private static final String HOME = "/h5/credits";
    private static final int HISTORY = 50;

    private final CreditLedger ledger;
    private final CreditShop shop;
    private final String publicBaseUrl;

    CreditsPageController(CreditLedger ledger, CreditShop shop, @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.ledger = ledger;
        this.shop = shop;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GetMapping(HOME)
    String home(@RequestParam(required = false) String account, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, account);
        }
        SignedInResident me = who.get();
        model.addAttribute("dev", me.devLogin());
        model.addAttribute("balance", ledger.balance(me.appId(), me.openid()));
        model.addAttribute("history", ledger.history(me.appId(), me.openid(), HISTORY));
        model.addAttribute("items", shop.items(true));
        model.addAttribute("redemptions", shop.redemptions(me.appId(), me.openid()));
        return "credits/home";
    }

    @PostMapping(HOME + "/items/{itemId}/redeem")
    String redeem(@PathVariable long itemId, HttpServletRequest request, RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, null);
        }
        try {
            CreditShop.Redemption redemption = shop.redeem(who.get().appId(), who.get().openid(), itemId);
            return "redirect:" + HOME + "/codes/" + redemption.code();
        } catch (CreditsRefused refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
            return "redirect:" + HOME;
        }
    }

    @GetMapping(HOME + "/codes/{code}")
    String code(@PathVariable String code, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, null);
        }
        Optional<CreditShop.Redemption> mine = shop.redemptionOf(who.get().appId(), who.get().openid(), code);
        if (mine.isEmpty()) {
            return "redirect:" + HOME;
        }
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("redemption", mine.get());
        return "credits/code";
    }

    @GetMapping(HOME + "/codes/{code}.png")
    ResponseEntity<byte[]> codePng(@PathVariable String code, HttpServletRequest request) {
        return SignedInResident.of(request.getSession(false))
                .flatMap(who -> shop.redemptionOf(who.appId(), who.openid(), code))
                .map(r -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                        .body(QrCodes.png(MerchantController.link(publicBaseUrl, r.code()), 400)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }
}
