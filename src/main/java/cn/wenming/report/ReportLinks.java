package cn.wenming.report;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Addresses of the H5 pages that chat replies and notifications point residents to. */
@Component
class ReportLinks {

    private final String publicBaseUrl;

    ReportLinks(@Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    String myReports(String appId) {
        return publicBaseUrl + "/h5/my-reports?account=" + appId;
    }

    /** The resident's reports page, scrolled to one report. */
    String report(String appId, String ticketNo) {
        return myReports(appId) + "#" + ticketNo;
    }
}
