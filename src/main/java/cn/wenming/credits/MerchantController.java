package cn.wenming.credits;

import cn.wenming.console.Staff;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The merchant's phone page: scanning a resident's code opens it with the code filled in; the
 * merchant sees the item and confirms. A code is confirmed once; a second scan says when it was used.
 */
@Controller
class MerchantController {

    static final String PAGE = "/console/merchant/redeem";

    private final CreditShop shop;

    MerchantController(CreditShop shop) {
        this.shop = shop;
    }

    static String link(String publicBaseUrl, String code) {
        return publicBaseUrl + PAGE + "?code=" + code;
    }

    @GetMapping(PAGE)
    String show(@RequestParam(defaultValue = "") String code, Model model) {
        String clean = code.strip().toUpperCase();
        model.addAttribute("code", clean);
        if (!clean.isEmpty()) {
            shop.redemption(clean).ifPresentOrElse(r -> model.addAttribute("redemption", r),
                    () -> model.addAttribute("error", "没有这个兑换码，请核对后再扫。"));
        }
        return "credits/merchant";
    }

    @PostMapping(PAGE)
    String confirm(@RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        try {
            CreditShop.Redemption done = shop.confirm(code, Staff.current().map(Staff::username).orElse("?"));
            model.addAttribute("redemption", done);
            model.addAttribute("confirmed", "已核销：" + done.itemName() + "，请把商品交给居民。");
        } catch (CreditsRefused refused) {
            model.addAttribute("error", refused.getMessage());
            shop.redemption(code.strip().toUpperCase()).ifPresent(r -> model.addAttribute("redemption", r));
        }
        return "credits/merchant";
    }
}
